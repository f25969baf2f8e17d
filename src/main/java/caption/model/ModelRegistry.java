package caption.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Resolves {@code --model}: a path to a model file, or the short name of a bundled model looked up
 * in the project's {@code pretrained/} folder and the user's cache: {@code flickr8k} (the default),
 * {@code flickr8k-show-tell}, {@code shapes-attention} and {@code shapes-show-tell}; {@code shapes}
 * names the shapes model that measured better (README, "Bundled models").
 */
public final class ModelRegistry {

    public static final String DEFAULT_MODEL = "flickr8k";
    /** The default model of each kind. */
    static final Map<String, String> ALIASES = Map.of("shapes", "shapes-attention");
    /** Set by the launcher to the project folder; the working directory otherwise. */
    public static final String HOME_PROPERTY = "caption.home";
    private static final Pattern SHORT_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private ModelRegistry() {}

    public static Path resolve(String nameOrPath) throws ModelFile.ModelFileException {
        Path asPath = Path.of(nameOrPath);
        if (Files.exists(asPath) || !SHORT_NAME.matcher(nameOrPath).matches()) {
            return asPath;
        }
        String name = ALIASES.getOrDefault(nameOrPath, nameOrPath);
        for (Path dir : searchPath()) {
            Path candidate = dir.resolve(name + ".zip");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new ModelFile.ModelFileException(nameOrPath + ": no such model file or bundled model (looked in "
                + searchPath() + ")");
    }

    static List<Path> searchPath() {
        Path home = Path.of(System.getProperty(HOME_PROPERTY, "."));
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "caption", "models");
        return List.of(home.resolve("pretrained"), cache);
    }
}
