package caption.cli;

import caption.data.CaptionDataset;
import caption.io.AtomicFiles;
import caption.io.Json;
import caption.model.CaptionModel;
import caption.model.ModelFile;
import caption.train.CaptionTraining;
import caption.train.Checkpoint;
import caption.train.DecoderTrainer;
import caption.train.EncoderFineTuning;
import caption.train.TrainSettings;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A training run as {@code RUN_DIR/run.json} records it: everything needed to start it and, after an
 * interruption, to go on from its newest good checkpoint with the same settings, data and encoder.
 *
 * @param settings the training settings
 * @param data the training data
 * @param validationSplit the split of {@code data} validated on each epoch; null: none
 * @param encoder the frozen encoder and its pooling
 * @param out the model file to write
 * @param checkpointEvery steps between checkpoints, besides one at each epoch end
 * @param keepCheckpoints newest checkpoints kept
 * @param fineTuning the trained model whose encoder blocks train with its decoder; null: a new model
 */
record TrainRun(
        @JsonProperty("settings") TrainSettings settings,
        @JsonProperty("data") DataSource data,
        @JsonProperty("validationSplit") String validationSplit,
        @JsonProperty("encoder") EncoderChoice encoder,
        @JsonProperty("out")
        @JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = PathFromText.class)
        Path out,
        @JsonProperty("checkpointEvery") int checkpointEvery,
        @JsonProperty("keepCheckpoints") int keepCheckpoints,
        @JsonProperty("fineTuning") @JsonInclude(JsonInclude.Include.NON_NULL) FineTuning fineTuning) {

    static final String FILE = "run.json";

    /** The model a fine-tuning run starts from, and how its encoder trains. */
    record FineTuning(
            @JsonProperty("from")
            @JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = PathFromText.class)
            Path from,
            @JsonProperty("encoder") EncoderFineTuning encoder) {
        FineTuning {
            if (from == null || encoder == null) {
                throw new IllegalArgumentException("fine-tuning needs the model it starts from and its settings");
            }
        }
    }

    TrainRun {
        if (settings == null || data == null || (encoder == null && fineTuning == null) || out == null) {
            throw new IllegalArgumentException("a run needs settings, data, an encoder and a model file to write");
        }
        if (checkpointEvery < 1 || keepCheckpoints < 1) {
            throw new IllegalArgumentException("checkpoint interval and checkpoints kept must be positive");
        }
    }

    /** A run that trains a new model. */
    TrainRun(TrainSettings settings, DataSource data, String validationSplit, EncoderChoice encoder, Path out,
            int checkpointEvery, int keepCheckpoints) {
        this(settings, data, validationSplit, encoder, out, checkpointEvery, keepCheckpoints, null);
    }

    /** The run folder of a model file when none is given: {@code OUT} without .zip, plus .run. */
    static Path folderOf(Path out) {
        return out.resolveSibling(out.getFileName().toString().replaceFirst("\\.zip$", "") + ".run");
    }

    /** Writes {@code runDir/run.json} atomically: a resume never sees half a record. */
    void write(Path runDir) throws IOException {
        AtomicFiles.writeString(runDir.resolve(FILE), Json.MAPPER.writeValueAsString(this));
    }

    /** Reads {@code runDir/run.json}; a missing or unreadable record is one line naming the file. */
    static TrainRun read(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file (not a run folder of 'caption train')");
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), TrainRun.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException invalid ? invalid : e;
            String reason = cause == e ? e.getOriginalMessage() : cause.getMessage();
            throw new IOException(file + ": not a run record of 'caption train' (" + reason + ")");
        }
    }

    /** Records the run in {@code runDir} and trains from the start. */
    void start(Path runDir, DecoderTrainer.StepHook afterStep, PrintWriter err) throws IOException {
        write(runDir);
        train(runDir, null, afterStep, err);
    }

    /** Goes on with the run recorded in {@code runDir} from its newest checkpoint that reads back whole. */
    static void resume(Path runDir, DecoderTrainer.StepHook afterStep, PrintWriter err) throws IOException {
        TrainRun run = read(runDir);
        Checkpoint from = Checkpoint.latest(runDir, err);
        err.printf("resuming %s at epoch %d, step %d%n", runDir, from.state().epoch(), from.state().step());
        run.train(runDir, from, afterStep, err);
    }

    private void train(Path runDir, Checkpoint from, DecoderTrainer.StepHook afterStep, PrintWriter err)
            throws IOException {
        CaptionDataset dataset = data.read(err);
        CaptionDataset validation = validationSplit == null ? null : data.read(err, validationSplit);
        CaptionModel model;
        DecoderTrainer.Checkpointing checkpoints = new DecoderTrainer.Checkpointing(runDir, checkpointEvery,
                keepCheckpoints, from, afterStep);
        try (TrainingProgress progress = TrainingProgress.start()) {
            model = fineTuning != null
                    ? fineTuning.encoder().train(ModelFile.load(fineTuning.from()), dataset, validation, settings,
                            checkpoints, progress, err)
                    : new CaptionTraining(settings, err).showingProgress(progress).train(dataset, validation,
                            encoder.forData(dataset, err).load(err), checkpoints);
        }
        ModelFile.save(model, out);
        err.printf("wrote %s%n", out);
    }
}
