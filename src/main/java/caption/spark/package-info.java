/**
 * Captioning a collection on Apache Spark: {@link caption.spark.SparkCaptionJob} lists and reads
 * images with Spark's {@code binaryFile} source, captions them a batch at a time inside
 * {@code mapPartitions} with one {@link caption.api.Captioner} per executor JVM
 * ({@link caption.spark.ExecutorCaptioners}), and writes one row per image (path, caption, score,
 * error) as Parquet or JSON lines. It owns the job's options, the partition function and the
 * output schema; Spark itself is provided by the cluster.
 *
 * <p>Layering: may import {@code caption.api}, {@code image}, {@code io}, {@code model} and
 * {@code batch}; never the CLI or training, and nothing in the project may import it.
 */
package caption.spark;
