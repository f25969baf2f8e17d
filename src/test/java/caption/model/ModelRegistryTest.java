package caption.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code --model} text resolves, with a project home of its own ({@code caption.home}) holding
 * copies of the bundled shapes models. The tests run in the project folder, whose sub-folders
 * ({@code datasets}, {@code docs}) stand for a user's folders that share a model's name.
 */
class ModelRegistryTest {

    private static final Path BUNDLED = Path.of("pretrained");

    @TempDir
    Path home;

    private String savedHome;

    @BeforeEach
    void useAHomeOfItsOwn() throws IOException {
        Path pretrained = Files.createDirectories(home.resolve("pretrained"));
        for (String model : new String[] {"shapes-attention.zip", "shapes-show-tell.zip"}) {
            Files.copy(BUNDLED.resolve(model), pretrained.resolve(model));
        }
        savedHome = System.getProperty(ModelRegistry.HOME_PROPERTY);
        System.setProperty(ModelRegistry.HOME_PROPERTY, home.toString());
    }

    @AfterEach
    void restoreHome() {
        if (savedHome == null) {
            System.clearProperty(ModelRegistry.HOME_PROPERTY);
        } else {
            System.setProperty(ModelRegistry.HOME_PROPERTY, savedHome);
        }
    }

    @Test
    void aFolderInTheWorkingDirectoryDoesNotHideABundledModelOfItsName() throws Exception {
        assertTrue(Files.isDirectory(Path.of("datasets")), "the tests run in the project folder");
        Files.copy(BUNDLED.resolve("shapes-show-tell.zip"), home.resolve("pretrained/datasets.zip"));

        Path resolved = ModelRegistry.resolve("datasets");

        assertEquals(home.resolve("pretrained/datasets.zip"), resolved);
    }

    @Test
    void anAliasNamesItsModel() throws Exception {
        assertEquals(home.resolve("pretrained/shapes-attention.zip"), ModelRegistry.resolve("shapes"));
        assertEquals(home.resolve("pretrained/shapes-show-tell.zip"), ModelRegistry.resolve("shapes-show-tell"));
    }

    @Test
    void textWithASeparatorOrEndingInZipIsAPath() {
        for (String path : new String[] {"./x.zip", "models/x.zip", "x.zip", "X.ZIP", "models/x", "/abs/flickr8k"}) {
            assertTrue(ModelRegistry.isPath(path), path);
        }
        for (String name : new String[] {"flickr8k", "shapes-attention", "x.zip.bak", "my-model"}) {
            assertFalse(ModelRegistry.isPath(name), name);
        }
    }

    @Test
    void aPathIsTakenAsAPathEvenWhenItsNameIsABundledModels() throws Exception {
        Path own = Files.copy(BUNDLED.resolve("shapes-show-tell.zip"), home.resolve("shapes-attention.zip"));
        assertEquals(own, ModelRegistry.resolve(own.toString()));
    }

    @Test
    void aMissingPathOrAFolderIsOneLineNamingIt() {
        assertEquals("models/x.zip: no such model file", failure("models/x.zip"));
        assertEquals("./x.zip: no such model file", failure("./x.zip"));
        assertEquals("docs/: a folder, not a model file", failure("docs/"));
    }

    @Test
    void anUnknownNameSaysWhatWasTried() {
        String message = failure("flickr8k-big");
        assertFalse(message.contains("\n"), message);
        assertTrue(message.startsWith("flickr8k-big: not a bundled model (bundled: "), message);
        assertTrue(message.contains("shapes, shapes-attention, shapes-show-tell"), message);
        assertTrue(message.contains("; looked in " + home.resolve("pretrained") + ", "), message);
        assertTrue(message.endsWith(") and not a model file path (a path has a '/' or ends in .zip)"), message);
    }

    @Test
    void anUnknownNameThatIsAFileHereSaysHowToNameTheFile() {
        String message = failure("pom.xml");
        assertTrue(message.startsWith("pom.xml: not a bundled model"), message);
        assertTrue(message.endsWith("; for the file in this folder write ./pom.xml"), message);
    }

    private static String failure(String text) {
        return assertThrows(ModelFile.ModelFileException.class, () -> ModelRegistry.resolve(text)).getMessage();
    }
}
