package caption.decoder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The registry of decoder types: the built-in {@link ShowTellType} and {@link AttendTellType},
 * and any {@link DecoderType} that {@link ServiceLoader} finds on the class path.
 */
public final class DecoderTypes {

    /** The default type, and the one of configs that name none. */
    public static final String DEFAULT = ShowTellType.NAME;

    private static final Map<String, DecoderType> TYPES = discover();

    private DecoderTypes() {}

    private static Map<String, DecoderType> discover() {
        Map<String, DecoderType> types = new LinkedHashMap<>();
        for (DecoderType type : ServiceLoader.load(DecoderType.class, DecoderTypes.class.getClassLoader())) {
            if (types.putIfAbsent(type.name(), type) != null) {
                throw new IllegalStateException("two decoder types named " + type.name());
            }
        }
        return Map.copyOf(types);
    }

    /** The type of that name; the message of an unknown one lists the known ones. */
    public static DecoderType named(String name) {
        DecoderType type = TYPES.get(name);
        if (type == null) {
            throw new IllegalArgumentException("unknown decoder type: " + name + " (" + String.join(", ", names()) + ")");
        }
        return type;
    }

    /** The registered names, built-ins first. */
    public static List<String> names() {
        return TYPES.keySet().stream().sorted(java.util.Comparator.comparingInt(DecoderTypes::rank).thenComparing(java.util.Comparator.naturalOrder())).toList();
    }

    private static int rank(String name) {
        return name.equals(ShowTellType.NAME) ? 0 : name.equals(AttendTellType.NAME) ? 1 : 2;
    }

    /** The decoder a config names, with these weights. */
    public static CaptionDecoder create(DecoderConfig config, DecoderParams params) {
        DecoderType type = config.decoderType();
        type.check(config);
        return type.create(config, params);
    }

    /** A decoder of the config's type with fresh weights. */
    public static CaptionDecoder initialise(DecoderConfig config, long seed, org.nd4j.linalg.api.buffer.DataType dataType) {
        DecoderType type = config.decoderType();
        type.check(config);
        return type.create(config, type.initialise(config, seed, dataType));
    }
}
