package caption.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's two ways of running (scripts/caption): one image starts the JVM with the quick
 * compiler and no Vector API, so the nd4j numerics caption it; a folder gets the Vector API and the
 * cpu numerics. Both processes run here with the launcher's flags and must write the same caption.
 * The launcher chooses by the amount of work, however the images are named: a few files get the
 * quick path; more files (a shell glob), a list, a folder or a video get the long one.
 * And a bundled model's name means that model in any working directory, as the launcher runs it
 * ({@code -Dcaption.home} the project folder).
 */
class LauncherPathsTest {

    private static final Path SAMPLE = Path.of("datasets/shapes/samples/images/000000.png");

    @Test
    void oneImageAndTheSameImageInAFolderGetTheSameCaption(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("one"));
        Files.copy(SAMPLE, folder.resolve("000000.png"));

        Run single = run(dir, List.of("-XX:TieredStopAtLevel=1"), "--model", "shapes", "--verbose", SAMPLE.toString());
        Run inFolder = run(dir, List.of("--add-modules", "jdk.incubator.vector"), "--model", "shapes", "--verbose",
                folder.toString());

        assertEquals(0, single.status(), single.err());
        assertEquals(0, inFolder.status(), inFolder.err());
        assertTrue(single.err().contains("numerics nd4j"), single.err());
        assertTrue(inFolder.err().contains("numerics cpu"), inFolder.err());
        String[] fields = inFolder.out().strip().split("\t");
        assertEquals(2, fields.length, inFolder.out());
        assertTrue(!single.out().isBlank(), single.err());
        assertEquals(single.out().strip(), fields[1], "the single image's caption and the folder's");
    }

    @Test
    void theLauncherChoosesTheLongPathForManyImagesHoweverTheyAreNamed(@TempDir Path dir) throws Exception {
        List<String> images = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            images.add(Files.copy(SAMPLE, dir.resolve(i + ".png")).toString());
        }
        Path list = Files.write(dir.resolve("list.txt"), images);
        Files.createDirectories(dir.resolve("flickr8k"));

        assertEquals(QUICK, launcherPath(dir, images.get(0)));
        assertEquals(QUICK, launcherPath(dir, images.subList(0, 8).toArray(String[]::new)));
        assertEquals(LONG, launcherPath(dir, images.toArray(String[]::new)));
        assertEquals(LONG, launcherPath(dir, "--json", "--files-from", list.toString()));
        assertEquals(LONG, launcherPath(dir, "--files-from=" + list));
        assertEquals(LONG, launcherPath(dir, "-r", dir.toString()));
        assertEquals(LONG, launcherPath(dir, "eval", "--model", "shapes", "--data", dir.toString()));
        assertEquals(QUICK, launcherPath(dir, "--model", "flickr8k", images.get(0)), "a model's name is not a folder");
        assertEquals(QUICK, launcherPath(dir, "-o", list.toString(), images.get(0)), "an output file is not an image");
    }

    @Test
    void theClassArchiveIsPassedWhenItExistsAndNotWhenTurnedOff(@TempDir Path dir) throws Exception {
        String withArchive = dryRun(dir, Map.of(), SAMPLE.toAbsolutePath().toString());
        Matcher jar = Pattern.compile(" -jar (\\S+)\\.jar ").matcher(withArchive);
        assertTrue(jar.find(), withArchive);
        Path archive = Path.of(jar.group(1) + ".jsa");
        assertEquals(Files.isRegularFile(archive), withArchive.contains(" -XX:SharedArchiveFile=" + archive + " "), withArchive);
        String without = dryRun(dir, Map.of("CAPTION_CDS", "0"), SAMPLE.toAbsolutePath().toString());
        assertTrue(!without.contains("SharedArchiveFile"), without);
    }

    private static final String QUICK = "-XX:TieredStopAtLevel=1";
    private static final String LONG = "jdk.incubator.vector";

    /** Which JVM the launcher starts for these arguments, read from its dry run in {@code dir}. */
    private static String launcherPath(Path dir, String... args) throws IOException, InterruptedException {
        String out = dryRun(dir, Map.of(), args);
        boolean quick = out.contains(" " + QUICK + " ");
        assertTrue(quick != out.contains(" " + LONG + " "), out);
        return quick ? QUICK : LONG;
    }

    /** The command the launcher would run for these arguments in {@code dir}, with these variables set. */
    private static String dryRun(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of("scripts/caption").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("CAPTION_DRY_RUN", "1");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0, out);
        return out;
    }

    @Test
    void datasetFoldersInTheWorkingDirectoryDoNotHideTheBundledModels(@TempDir Path dir) throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.createDirectories(work.resolve("flickr8k"));
        Files.createDirectories(work.resolve("shapes"));
        String home = "-Dcaption.home=" + Path.of("").toAbsolutePath();

        Run run = run(dir, work, List.of(home), "--model", "shapes", SAMPLE.toAbsolutePath().toString());

        assertEquals(0, run.status(), run.err());
        assertTrue(!run.out().isBlank(), run.err());
    }

    private record Run(int status, String out, String err) {}

    private static Run run(Path dir, List<String> jvmFlags, String... args) throws IOException, InterruptedException {
        return run(dir, Path.of("").toAbsolutePath(), jvmFlags, args);
    }

    private static Run run(Path dir, Path workingDirectory, List<String> jvmFlags, String... args)
            throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-XX:+UseSerialGC"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", classPath, CaptionCommand.class.getName()));
        command.addAll(List.of(args));
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectError(err.toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(err));
    }
}
