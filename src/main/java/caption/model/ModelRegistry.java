package caption.model;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Resolves {@code --model}: a model file's path, or the short name of a bundled model looked up in
 * the project's {@code pretrained/} folder and the user's cache: {@code flickr8k} (the default),
 * {@code flickr8k-show-tell}, {@code shapes-attention} and {@code shapes-show-tell}; {@code shapes}
 * names the shapes model that measured better (README, "Bundled models").
 *
 * <p>The text decides which it is, never what happens to lie in the working directory: a path has a
 * separator or ends in {@code .zip}; anything else is a bundled model's name. So a folder named
 * {@code flickr8k} (the dataset's) cannot hide the bundled {@code flickr8k} model.
 */
public final class ModelRegistry {

    public static final String DEFAULT_MODEL = "flickr8k";
    /** The default model of each kind. */
    static final Map<String, String> ALIASES = Map.of("shapes", "shapes-attention");
    /** Set by the launcher to the project folder; the working directory otherwise. */
    public static final String HOME_PROPERTY = "caption.home";
    private static final String MODEL_SUFFIX = ".zip";

    private ModelRegistry() {}

    public static Path resolve(String nameOrPath) throws ModelFile.ModelFileException {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new ModelFile.ModelFileException("a model needs a bundled model's name or a model file's path");
        }
        if (isPath(nameOrPath)) {
            return existingModelFile(nameOrPath);
        }
        Optional<Path> bundled = bundled(nameOrPath);
        if (bundled.isPresent()) {
            return bundled.get();
        }
        throw new ModelFile.ModelFileException(unknownName(nameOrPath));
    }

    /** Whether {@code text} names a file: it has a path separator or ends in {@code .zip} (any case). */
    static boolean isPath(String text) {
        return text.indexOf('/') >= 0 || text.indexOf(File.separatorChar) >= 0
                || text.toLowerCase(Locale.ROOT).endsWith(MODEL_SUFFIX);
    }

    private static Path existingModelFile(String text) throws ModelFile.ModelFileException {
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            throw new ModelFile.ModelFileException(text + ": not a valid path (" + e.getReason() + ")");
        }
        if (Files.isDirectory(path)) {
            throw new ModelFile.ModelFileException(text + ": a folder, not a model file");
        }
        if (!Files.isRegularFile(path)) {
            throw new ModelFile.ModelFileException(text + ": no such model file");
        }
        return path;
    }

    /** The bundled model {@code name} (or its alias) names: the first search folder holding it. */
    private static Optional<Path> bundled(String name) {
        String file = ALIASES.getOrDefault(name, name) + MODEL_SUFFIX;
        return searchPath().stream().map(dir -> dir.resolve(file)).filter(Files::isRegularFile).findFirst();
    }

    /** One line: the bundled names there are, where they were looked for, and what a path looks like. */
    private static String unknownName(String name) {
        List<String> known = bundledNames();
        String message = name + ": not a bundled model (bundled: " + (known.isEmpty() ? "none" : String.join(", ", known))
                + "; looked in " + searchPath().stream().map(Path::toString).collect(Collectors.joining(", "))
                + ") and not a model file path (a path has a '/' or ends in .zip)";
        if (existsHere(name)) {
            message += "; for the file in this folder write ./" + name;
        }
        return message;
    }

    private static boolean existsHere(String name) {
        try {
            return Files.exists(Path.of(name));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** The names of the models in the search folders, and the aliases of those there. */
    static List<String> bundledNames() {
        TreeSet<String> names = new TreeSet<>();
        for (Path dir : searchPath()) {
            names.addAll(modelNamesIn(dir));
        }
        ALIASES.forEach((alias, target) -> {
            if (names.contains(target)) {
                names.add(alias);
            }
        });
        return new ArrayList<>(names);
    }

    private static List<String> modelNamesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(MODEL_SUFFIX))
                    .map(n -> n.substring(0, n.length() - MODEL_SUFFIX.length())).toList();
        } catch (IOException e) {
            return List.of(); // an unreadable cache folder holds no model this run can use
        }
    }

    static List<Path> searchPath() {
        Path home = Path.of(System.getProperty(HOME_PROPERTY, "."));
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "caption", "models");
        return List.of(home.resolve("pretrained"), cache);
    }
}
