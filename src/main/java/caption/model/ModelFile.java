package caption.model;

import caption.decoder.DecoderTypes;
import caption.data.Vocabulary;
import caption.decoder.DecoderConfig;
import caption.decoder.DecoderParams;
import caption.decoder.FeatureScaler;
import caption.decoder.CaptionDecoder;
import caption.encoder.EncoderFile;
import caption.encoder.ImageEncoder;
import caption.io.Json;
import caption.io.ZipEntries;
import caption.search.SearchSettings;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The model file: one zip holding
 * <pre>
 * model.json            format, version, decoder config (show-tell or show-attend-tell), search defaults
 * vocabulary.json       words by index
 * features.json         the feature scaler (per channel)
 * decoder/NAME.npy      decoder parameters (NumPy format)
 * encoder/encoder.json  preprocessing, architecture, encoder provenance
 * encoder/graph.zip     the frozen DL4J encoder graph
 * provenance.json       data, seed, date, commit, training figures
 * </pre>
 */
public final class ModelFile {

    static final String CONFIG = "model.json";
    static final String VOCABULARY = "vocabulary.json";
    static final String SCALER = "features.json";
    static final String DECODER_DIR = "decoder/";
    static final String NPY = ".npy";
    static final String ENCODER_DIR = "encoder/";
    static final String PROVENANCE = "provenance.json";
    /** Ensemble member N (from 1) keeps its scaler, weights and provenance under {@code ensemble/N/}. */
    static final String ENSEMBLE_DIR = "ensemble/";

    private ModelFile() {}

    public static void save(CaptionModel model, Path path) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(CONFIG, Json.MAPPER.writeValueAsBytes(model.config()));
        entries.put(VOCABULARY, Json.MAPPER.writeValueAsBytes(model.vocabulary().words()));
        String dtype = model.config().weightDtype();
        putMember(entries, "", model.scaler(), model.decoder(), model.provenance(), dtype);
        for (int m = 0; m < model.ensemble().size(); m++) {
            CaptionModel.Member member = model.ensemble().get(m);
            putMember(entries, memberDir(m), member.scaler(), member.decoder(), member.provenance(), dtype);
        }
        entries.putAll(EncoderFile.entries(model.encoder(), ENCODER_DIR));
        ZipEntries.write(path, entries);
    }

    /**
     * Writes the model file {@code source} again to {@code target} (which may be the same file) with
     * its encoder's weights inside: a file naming external weights gets them resolved as loading
     * does; every entry outside {@code encoder/} is copied byte for byte. Returns the model as loaded.
     */
    public static CaptionModel repack(Path source, Path target) throws IOException {
        CaptionModel model = load(source);
        Map<String, byte[]> entries = ZipEntries.read(source);
        entries.keySet().removeIf(name -> name.startsWith(ENCODER_DIR));
        entries.putAll(EncoderFile.entries(model.encoder(), ENCODER_DIR));
        ZipEntries.write(target, entries);
        return model;
    }

    private static String memberDir(int index) {
        return ENSEMBLE_DIR + (index + 1) + "/";
    }

    private static void putMember(Map<String, byte[]> entries, String dir, FeatureScaler scaler, CaptionDecoder decoder,
            Provenance provenance, String dtype) throws IOException {
        entries.put(dir + SCALER, Json.MAPPER.writeValueAsBytes(scaler));
        for (Map.Entry<String, INDArray> p : decoder.params().asMap().entrySet()) {
            INDArray stored = dtype.equals(ModelConfig.FLOAT16) ? p.getValue().castTo(DataType.HALF) : p.getValue();
            entries.put(dir + DECODER_DIR + p.getKey() + NPY, Nd4j.toNpyByteArray(stored));
        }
        entries.put(dir + PROVENANCE, Json.MAPPER.writeValueAsBytes(provenance));
    }

    public static CaptionModel load(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new ModelFileException(path + ": no such model file");
        }
        Map<String, byte[]> entries;
        try {
            entries = ZipEntries.read(path);
        } catch (ZipException | java.io.EOFException e) {
            throw new ModelFileException(path + ": not a caption model (not a readable zip file: truncated or corrupt)");
        }
        byte[] configBytes = entries.get(CONFIG);
        if (configBytes == null) {
            throw new ModelFileException(path + ": not a caption model (no " + CONFIG + ")");
        }
        ModelConfig config = readConfig(path, configBytes);
        try {
            Vocabulary vocabulary = new Vocabulary(Json.MAPPER.readValue(required(entries, VOCABULARY, path),
                    new TypeReference<List<String>>() {}));
            CaptionModel.Member first = readMember(entries, "", config.decoder(), path);
            List<CaptionModel.Member> ensemble = new ArrayList<>();
            for (int m = 0; m < config.ensemble().size(); m++) {
                ensemble.add(readMember(entries, memberDir(m), config.ensemble().get(m), path));
            }
            ImageEncoder encoder = EncoderFile.fromEntries(entries, ENCODER_DIR, path);
            return new CaptionModel(config, encoder, first.scaler(), first.decoder(), vocabulary, first.provenance(),
                    ensemble);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ModelFileException(path + ": damaged model (" + e.getMessage() + ")");
        }
    }

    /** The model's own search, from its {@code model.json} alone: cheap enough for a help text. */
    public static SearchSettings search(Path path) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(path.toFile())) {
            java.util.zip.ZipEntry entry = zip.getEntry(CONFIG);
            if (entry == null) {
                throw new ModelFileException(path + ": not a caption model (no " + CONFIG + ")");
            }
            try (java.io.InputStream in = zip.getInputStream(entry)) {
                return readConfig(path, in.readAllBytes()).search();
            }
        }
    }

    /** The scaler, decoder (weights read as float32 whatever the file stores) and provenance under {@code dir}. */
    private static CaptionModel.Member readMember(Map<String, byte[]> entries, String dir, DecoderConfig config, Path path)
            throws IOException {
        FeatureScaler scaler = Json.MAPPER.readValue(required(entries, dir + SCALER, path), FeatureScaler.class);
        Map<String, INDArray> params = new LinkedHashMap<>();
        String prefix = dir + DECODER_DIR;
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (e.getKey().startsWith(prefix) && e.getKey().endsWith(NPY)) {
                String name = e.getKey().substring(prefix.length(), e.getKey().length() - NPY.length());
                INDArray stored = Nd4j.createNpyFromByteArray(e.getValue());
                params.put(name, stored.dataType() == DataType.FLOAT ? stored : stored.castTo(DataType.FLOAT));
            }
        }
        CaptionDecoder decoder = DecoderTypes.create(config, new DecoderParams(params));
        Provenance provenance = entries.containsKey(dir + PROVENANCE)
                ? Json.MAPPER.readValue(entries.get(dir + PROVENANCE), Provenance.class)
                : Provenance.note(null);
        return new CaptionModel.Member(scaler, decoder, provenance);
    }

    private static ModelConfig readConfig(Path path, byte[] bytes) throws IOException {
        Map<String, Object> raw;
        try {
            raw = Json.MAPPER.readValue(bytes, new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new ModelFileException(path + ": damaged model (" + CONFIG + " is not JSON)");
        }
        if (!ModelConfig.FORMAT.equals(raw.get("format"))) {
            throw new ModelFileException(path + ": not a caption model (format is " + raw.get("format") + ")");
        }
        Object version = raw.get("formatVersion");
        if (!(version instanceof Integer v) || v != ModelConfig.FORMAT_VERSION) {
            throw new ModelFileException(path + ": model format version " + version
                    + " is not supported (this caption reads version " + ModelConfig.FORMAT_VERSION + ")");
        }
        try {
            return Json.MAPPER.readValue(bytes, ModelConfig.class);
        } catch (IOException e) {
            throw new ModelFileException(path + ": damaged model (" + CONFIG + ": " + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    private static byte[] required(Map<String, byte[]> entries, String name, Path path) throws ModelFileException {
        byte[] bytes = entries.get(name);
        if (bytes == null) {
            throw new ModelFileException(path + ": damaged model (no " + name + ")");
        }
        return bytes;
    }

    /** A model file that cannot be used; the message names the file and the reason. */
    public static final class ModelFileException extends IOException {
        public ModelFileException(String message) {
            super(message);
        }
    }
}
