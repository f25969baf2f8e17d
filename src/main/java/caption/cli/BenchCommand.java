package caption.cli;

import caption.decoder.ShowTellType;
import caption.decoder.AttendTellType;
import caption.batch.ImageFiles;
import caption.bench.BackendCheck;
import caption.bench.FolderProfile;
import caption.bench.MachineRates;
import caption.bench.Workloads;
import caption.model.CaptionModel;
import caption.model.ModelFile;
import caption.model.ModelRegistry;
import caption.io.Json;
import caption.kernel.Numerics;
import caption.search.SearchSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code caption bench}: the PyTorch peer's workloads with this project's code, one JSON line each. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Times the workloads of the PyTorch reference peer at its sizes (vocabulary 10,000, "
                + "embedding/LSTM/attention 512, features 2,048, 49 regions, 20 steps, batch 32) and prints one "
                + "JSON line per workload. scripts/bench runs it beside the peer. With --profile-folder: where a photo's "
                + "time goes on the folder path, stage by stage, beside each stage's floor."})
public final class BenchCommand implements Callable<Integer> {

    static final List<String> WORKLOADS = List.of("matmul", "show_tell_train_step", "show_tell_beam3_decode",
            "show_attend_tell_train_step", "show_attend_tell_beam3_decode", "squeezenet1_1_227_features");

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Fewer repetitions (a smoke run).")
    boolean quick;

    @Option(names = "--backend-check", description = "Instead of the workloads: caption --scenes generated scenes "
            + "with the shapes model and train both decoders --steps steps on them from one seed; one JSON line of "
            + "losses, captions and speeds, for comparing backends (scripts/gpu-check).")
    boolean backendCheck;

    @Option(names = "--scenes", defaultValue = "100", converter = PositiveInteger.class,
            description = "With --backend-check: scenes to caption and train on (default ${DEFAULT-VALUE}).")
    int scenes;

    @Option(names = "--steps", defaultValue = "50", converter = PositiveInteger.class,
            description = "With --backend-check: training steps of each decoder (default ${DEFAULT-VALUE}).")
    int trainingSteps;

    @Option(names = "--profile-folder", paramLabel = "DIR", description = "Instead of the workloads: profile captioning "
            + "the photos of DIR (read, decode, resize, preprocess, encoder, each ensemble member's search, output) and "
            + "print a Markdown table of ms per photo beside each stage's floor (its arithmetic or memory traffic at "
            + "rates measured in the same run).")
    Path profileFolder;

    @Option(names = "--model", defaultValue = ModelRegistry.DEFAULT_MODEL,
            description = "With --profile-folder: model file or bundled name (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--beam", converter = PositiveInteger.class,
            description = "With --profile-folder: beam width (default: the model's own search).")
    Integer beam;

    @Option(names = "--photos", defaultValue = "100", converter = PositiveInteger.class,
            description = "With --profile-folder: the first N photos in path order (default ${DEFAULT-VALUE}).")
    int photos;

    @Option(names = "--batch-size", defaultValue = "16", converter = PositiveInteger.class,
            description = "With --profile-folder: images per model batch, as caption's (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--tsv", description = "With --profile-folder: write TSV as `caption DIR` does, instead of JSON lines "
            + "with attention as `caption --json DIR` does.")
    boolean tsv;

    @Option(names = "--only", paramLabel = "WORKLOAD", split = ",",
            description = "Run only these workloads (default: all): ${COMPLETION-CANDIDATES}")
    List<String> only = WORKLOADS;

    @Override
    public Integer call() throws Exception {
        if (backendCheck) {
            CaptionModel shapes = ModelFile.load(ModelRegistry.resolve("shapes"));
            Map<String, Object> result = new BackendCheck(shapes, scenes).run(trainingSteps);
            spec.commandLine().getOut().println(Json.COMPACT.writeValueAsString(result));
            spec.commandLine().getOut().flush();
            return Cli.OK;
        }
        if (profileFolder != null) {
            return profile();
        }
        for (String w : only) {
            if (!WORKLOADS.contains(w)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "unknown workload " + w + " (one of " + WORKLOADS + ")");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        Workloads workloads = new Workloads();
        int steps = quick ? 3 : 10;
        int captions = quick ? 5 : 20;
        for (String w : only) {
            switch (w) {
                case "matmul" -> print(out, w, Map.of("gflops", round(Workloads.matmulGflops())));
                case "show_tell_train_step", "show_attend_tell_train_step" -> {
                    double ms = workloads.trainStepMillis(decoderType(w), steps);
                    print(out, w, Map.of("batch", Workloads.BATCH, "steps", Workloads.STEPS, "ms", round(ms),
                            "captions_per_s", round(Workloads.BATCH * 1000 / ms)));
                }
                case "show_tell_beam3_decode", "show_attend_tell_beam3_decode" ->
                        print(out, w, Map.of("ms_per_caption", round(workloads.beamMillis(decoderType(w), captions)),
                                "search", Numerics.current().name()));
                default -> {
                    for (int batch : new int[] {1, 8}) {
                        print(out, w, Map.of("batch", batch,
                                "ms_per_image", round(workloads.squeezeNetMillisPerImage(batch, quick ? 2 : 40 / batch))));
                    }
                }
            }
        }
        return Cli.OK;
    }

    private int profile() throws Exception {
        if (!Files.isDirectory(profileFolder)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--profile-folder " + profileFolder
                    + " is not a folder");
        }
        List<Path> files = new ArrayList<>();
        for (ImageFiles.Entry e : new ImageFiles(List.of(profileFolder), false, ImageFiles.DEFAULT_INCLUDES, List.of())) {
            if (e.problem() == null) {
                files.add(e.path());
            }
        }
        files.sort(Comparator.naturalOrder());
        if (files.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--profile-folder " + profileFolder
                    + " holds no images");
        }
        files = files.subList(0, Math.min(photos, files.size()));
        CaptionModel captionModel = ModelFile.load(ModelRegistry.resolve(model));
        SearchSettings search = beam == null ? captionModel.config().search() : captionModel.config().search().withBeam(beam);
        MachineRates rates = MachineRates.measure();
        Path scratch = Files.createTempDirectory("caption-profile");
        try {
            FolderProfile.Report report = new FolderProfile(captionModel, search, batchSize, !tsv, rates)
                    .run(files, Math.min(16, files.size()), scratch);
            PrintWriter out = spec.commandLine().getOut();
            out.println("model: " + model + "; numerics " + Numerics.current().name() + "; folder " + profileFolder);
            out.print(report.table());
            out.flush();
        } finally {
            try (var walk = Files.walk(scratch)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return Cli.OK;
    }

    private static String decoderType(String workload) {
        return workload.startsWith("show_attend_tell") ? AttendTellType.NAME : ShowTellType.NAME;
    }

    private static void print(PrintWriter out, String workload, Map<String, Object> figures) throws Exception {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("project", "caption");
        line.put("workload", workload);
        line.putAll(new java.util.TreeMap<>(figures));
        line.put("threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "default"));
        line.put("blas_threads", Nd4j.factory().blas().getMaxThreads());
        out.println(Json.COMPACT.writeValueAsString(line));
        out.flush();
    }

    private static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }
}
