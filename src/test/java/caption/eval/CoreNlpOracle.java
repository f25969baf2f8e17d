package caption.eval;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Runs Stanford CoreNLP 3.4.1's PTBTokenizer exactly as the COCO toolkit runs it (test scope only). */
final class CoreNlpOracle {

    private CoreNlpOracle() {}

    /** One output line per input line: {@code PTBTokenizer -preserveLines -lowerCase FILE}. */
    static synchronized List<String> tokenize(List<String> lines, Path workDir) throws IOException {
        Path input = Files.write(workDir.resolve("lines.txt"), lines, StandardCharsets.UTF_8);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream err = System.err;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            edu.stanford.nlp.process.PTBTokenizer.main(new String[] {"-preserveLines", "-lowerCase", input.toString()});
        } finally {
            System.setOut(original);
            System.setErr(err);
        }
        List<String> out = Arrays.asList(captured.toString(StandardCharsets.UTF_8).split("\n", -1));
        return out.subList(0, lines.size());
    }

    /** The toolkit's post-processing of a tokenizer line: punctuation tokens dropped. */
    static String withoutPunctuation(String line) {
        return String.join(" ", Arrays.stream(line.strip().split(" "))
                .filter(t -> !t.isEmpty() && !CocoTokenizer.PUNCTUATION.contains(t)).toList());
    }
}
