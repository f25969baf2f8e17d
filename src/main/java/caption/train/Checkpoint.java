package caption.train;

import caption.decoder.DecoderParams;
import caption.io.Json;
import caption.io.ZipEntries;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Everything a training run needs to go on exactly where it stopped: weights, Adam's moments and
 * iteration, the random generator, the epoch's data order and position, the running sums, the best
 * epoch so far, the weights' moving average when one is kept. One zip per checkpoint in {@code RUN_DIR/checkpoints/}, written atomically, with a
 * sha256 of every entry so that a damaged file is detected and the one before it used.
 */
public final class Checkpoint {

    public static final String DIR = "checkpoints";
    private static final String STATE = "state.json";
    private static final String RNG = "rng.bin";
    private static final String MANIFEST = "manifest.json";

    /** The scalar part of the state. */
    public record State(
            @JsonProperty("epoch") int epoch,
            @JsonProperty("nextBatch") int nextBatch,
            @JsonProperty("step") long step,
            @JsonProperty("lossSum") double lossSum,
            @JsonProperty("words") long words,
            @JsonProperty("epochLosses") List<Double> epochLosses,
            @JsonProperty("validations") List<Validation.Figures> validations,
            @JsonProperty("bestEpoch") int bestEpoch,
            @JsonProperty("order") int[] order,
            @JsonProperty("adamIteration") int adamIteration) {}

    private final State state;
    private final Random rng;
    private final DecoderParams params;
    private final Map<String, INDArray> adam;
    private final DecoderParams best;
    private final DecoderParams average;
    private final Map<String, INDArray> encoder;

    public Checkpoint(State state, Random rng, DecoderParams params, Map<String, INDArray> adam, DecoderParams best,
            DecoderParams average) {
        this(state, rng, params, adam, best, average, null);
    }

    /** @param encoder the encoder blocks' state when they train too ({@link EncoderTuning}), else null */
    public Checkpoint(State state, Random rng, DecoderParams params, Map<String, INDArray> adam, DecoderParams best,
            DecoderParams average, Map<String, INDArray> encoder) {
        this.state = state;
        this.rng = rng;
        this.params = params;
        this.adam = adam;
        this.best = best;
        this.average = average;
        this.encoder = encoder;
    }

    public State state() {
        return state;
    }

    public Random rng() {
        return rng;
    }

    public DecoderParams params() {
        return params;
    }

    public Map<String, INDArray> adam() {
        return adam;
    }

    /** The best epoch's weights, or null before the first validation. */
    public DecoderParams best() {
        return best;
    }

    /** The moving average of the weights after {@code state().step()} updates, or null when none is kept. */
    public DecoderParams average() {
        return average;
    }

    /** The encoder blocks' weights, Adam moments and best weights when they train too, else null. */
    public Map<String, INDArray> encoder() {
        return encoder;
    }

    /** Writes {@code checkpoints/step-NNNNNNNNN.zip} and keeps only the newest {@code keep}. */
    public void save(Path runDir, int keep) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(STATE, Json.MAPPER.writeValueAsBytes(state));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(rng);
        }
        entries.put(RNG, bytes.toByteArray());
        arrays(entries, "params/", params.asMap());
        arrays(entries, "adam/", adam);
        if (best != null) {
            arrays(entries, "best/", best.asMap());
        }
        if (average != null) {
            arrays(entries, "average/", average.asMap());
        }
        if (encoder != null) {
            arrays(entries, "encoder/", encoder);
        }
        Map<String, String> manifest = new LinkedHashMap<>();
        entries.forEach((name, data) -> manifest.put(name, sha256(data)));
        entries.put(MANIFEST, Json.MAPPER.writeValueAsBytes(manifest));
        Path dir = Files.createDirectories(runDir.resolve(DIR));
        ZipEntries.write(dir.resolve(String.format("step-%09d.zip", state.step())), entries);
        List<Path> all = list(runDir);
        for (int i = 0; i < all.size() - keep; i++) {
            Files.deleteIfExists(all.get(i));
        }
    }

    /** The newest checkpoint that reads back whole; damaged ones are reported and skipped. */
    public static Checkpoint latest(Path runDir, PrintWriter log) throws IOException {
        List<Path> all = list(runDir);
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                return read(all.get(i));
            } catch (IOException | RuntimeException | ClassNotFoundException e) {
                log.printf("%s: damaged checkpoint (%s), trying the one before%n", all.get(i), e.getMessage());
            }
        }
        throw new IOException(runDir + ": no usable checkpoint in " + runDir.resolve(DIR));
    }

    static Checkpoint read(Path file) throws IOException, ClassNotFoundException {
        Map<String, byte[]> entries = ZipEntries.read(file);
        byte[] manifestBytes = entries.remove(MANIFEST);
        if (manifestBytes == null) {
            throw new IOException("no manifest");
        }
        @SuppressWarnings("unchecked")
        Map<String, String> manifest = Json.MAPPER.readValue(manifestBytes, Map.class);
        if (!manifest.keySet().equals(entries.keySet())) {
            throw new IOException("entries differ from the manifest");
        }
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (!sha256(e.getValue()).equals(manifest.get(e.getKey()))) {
                throw new IOException(e.getKey() + " fails its checksum");
            }
        }
        State state = Json.MAPPER.readValue(entries.get(STATE), State.class);
        Random rng;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(entries.get(RNG)))) {
            rng = (Random) in.readObject();
        }
        Map<String, INDArray> best = arrays(entries, "best/");
        Map<String, INDArray> average = arrays(entries, "average/");
        Map<String, INDArray> encoder = arrays(entries, "encoder/");
        return new Checkpoint(state, rng, new DecoderParams(arrays(entries, "params/")), arrays(entries, "adam/"),
                best.isEmpty() ? null : new DecoderParams(best), average.isEmpty() ? null : new DecoderParams(average),
                encoder.isEmpty() ? null : encoder);
    }

    private static List<Path> list(Path runDir) throws IOException {
        Path dir = runDir.resolve(DIR);
        if (!Files.isDirectory(dir)) {
            return new ArrayList<>();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.filter(p -> p.getFileName().toString().matches("step-\\d+\\.zip")).sorted().toList());
        }
    }

    private static void arrays(Map<String, byte[]> entries, String prefix, Map<String, INDArray> arrays) {
        arrays.forEach((name, a) -> entries.put(prefix + name + ".npy", Nd4j.toNpyByteArray(a)));
    }

    private static Map<String, INDArray> arrays(Map<String, byte[]> entries, String prefix) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        entries.forEach((name, data) -> {
            if (name.startsWith(prefix)) {
                arrays.put(name.substring(prefix.length(), name.length() - ".npy".length()), Nd4j.createNpyFromByteArray(data));
            }
        });
        return arrays;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
