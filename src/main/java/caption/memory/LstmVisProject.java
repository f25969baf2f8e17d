package caption.memory;

import caption.io.AtomicFiles;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A folder LSTMVis opens as a project (github.com/HendrikStrobelt/LSTMVis, "Adding Your Own
 * Data"): {@code lstm.yml}, {@code states.h5} (one float32 [rows, cells] dataset per
 * {@link StateType}), {@code words.h5} ({@code word_ids}, int32, one per row) and {@code
 * words.dict} ({@code word id} per line, LSTMVis's dictionary format). Each file is written whole
 * or not at all.
 */
public final class LstmVisProject {

    public static final String CONFIG = "lstm.yml";
    public static final String STATES = "states.h5";
    public static final String WORDS = "words.h5";
    public static final String DICTIONARY = "words.dict";
    public static final String WORD_IDS = "word_ids";

    private LstmVisProject() {}

    /** Writes the project of {@code rows} into {@code dir}; {@code words} is the vocabulary, by id. */
    public static void write(Path dir, StateRows rows, List<String> words, String name, String description)
            throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.writeFile(dir.resolve(STATES), file -> {
            try (WritableHdfFile h5 = HdfFile.write(file)) {
                for (StateType type : StateType.values()) {
                    h5.putDataset(type.dataset(), rows.matrix(type));
                }
            }
        });
        AtomicFiles.writeFile(dir.resolve(WORDS), file -> {
            try (WritableHdfFile h5 = HdfFile.write(file)) {
                h5.putDataset(WORD_IDS, rows.wordIds());
            }
        });
        AtomicFiles.writeString(dir.resolve(DICTIONARY), dictionary(words));
        AtomicFiles.writeString(dir.resolve(CONFIG), config(name, description));
    }

    /** LSTMVis splits each line at white space: a word with a space in it would break the file. */
    static String dictionary(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (int id = 0; id < words.size(); id++) {
            String word = words.get(id);
            if (word.isEmpty() || word.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("word " + id + " is empty or holds white space: '" + word + "'");
            }
            sb.append(word).append(' ').append(id).append('\n');
        }
        return sb.toString();
    }

    static String config(String name, String description) {
        StringBuilder sb = new StringBuilder();
        sb.append("name: ").append(quoted(name)).append('\n');
        sb.append("description: ").append(quoted(description)).append('\n');
        sb.append("files:\n  states: ").append(STATES).append("\n  train: ").append(WORDS)
                .append("\n  words: ").append(DICTIONARY).append('\n');
        sb.append("word_sequence:\n  file: train\n  path: ").append(WORD_IDS).append("\n  dict_file: words\n");
        sb.append("states:\n  file: states\n  types: [\n");
        StateType[] types = StateType.values();
        for (int i = 0; i < types.length; i++) {
            sb.append("    ").append(types[i].lstmVisEntry()).append(i + 1 < types.length ? ",\n" : "\n");
        }
        sb.append("  ]\n");
        return sb.toString();
    }

    /** A YAML double-quoted scalar. */
    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
    }
}
