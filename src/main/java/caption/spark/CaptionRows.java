package caption.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The job's output: one row per image, {@code path, caption, score, error}. */
public final class CaptionRows {

    public static final String PATH = "path";
    public static final String CAPTION = "caption";
    public static final String SCORE = "score";
    public static final String ERROR = "error";

    /** A captioned image has a caption and its score and no error; a failed one only an error. */
    public static final StructType SCHEMA = new StructType()
            .add(PATH, DataTypes.StringType, false)
            .add(CAPTION, DataTypes.StringType, true)
            .add(SCORE, DataTypes.DoubleType, true)
            .add(ERROR, DataTypes.StringType, true);

    private CaptionRows() {}

    public static Row captioned(String path, String caption, double score) {
        return RowFactory.create(path, caption, score, null);
    }

    public static Row failed(String path, String error) {
        return RowFactory.create(path, null, null, error);
    }
}
