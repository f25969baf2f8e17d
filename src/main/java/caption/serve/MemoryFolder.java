package caption.serve;

import caption.io.Json;
import caption.memory.LstmVisProject;
import caption.memory.StateType;
import com.fasterxml.jackson.databind.JsonNode;
import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code caption memory} output folder held in memory for the Memory view: memory.json, the
 * rows of every state from states.h5, each row's word, and which rows are whose caption
 * (captions.tsv).
 */
public final class MemoryFolder {

    static final String REPORT = "memory.json";
    static final String CAPTIONS = "captions.tsv";

    /** One recorded caption: its image as recorded, its rows {@code [first, first + rows)}, the last writing the end. */
    record Recorded(String image, int first, int rows, String text) {
        Recorded {
            if (image == null || image.isEmpty() || first < 0 || rows < 1 || text == null) {
                throw new IllegalArgumentException("a caption's row in captions.tsv: " + image + ", " + first + ", " + rows);
            }
        }
    }

    private final String name;
    private final JsonNode report;
    private final Map<String, float[][]> states;
    private final List<String> rowWords;
    private final List<Recorded> captions;

    private MemoryFolder(String name, JsonNode report, Map<String, float[][]> states, List<String> rowWords,
            List<Recorded> captions) {
        this.name = name;
        this.report = report;
        this.states = states;
        this.rowWords = rowWords;
        this.captions = captions;
    }

    /** Reads the folder; an {@link IOException} naming the file that is missing or does not fit the others. */
    public static MemoryFolder load(Path dir) throws IOException {
        for (String file : List.of(REPORT, CAPTIONS, LstmVisProject.STATES, LstmVisProject.WORDS, LstmVisProject.DICTIONARY)) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                throw new IOException(dir + " is not a 'caption memory' folder: it has no " + file);
            }
        }
        JsonNode report = Json.MAPPER.readTree(dir.resolve(REPORT).toFile());
        Map<String, float[][]> states = new LinkedHashMap<>();
        try (HdfFile h5 = new HdfFile(dir.resolve(LstmVisProject.STATES))) {
            for (StateType type : StateType.values()) {
                states.put(type.dataset(), (float[][]) h5.getDatasetByPath(type.dataset()).getData());
            }
        }
        int[] ids;
        try (HdfFile h5 = new HdfFile(dir.resolve(LstmVisProject.WORDS))) {
            ids = (int[]) h5.getDatasetByPath(LstmVisProject.WORD_IDS).getData();
        }
        List<String> rowWords = rowWords(ids, dictionary(dir.resolve(LstmVisProject.DICTIONARY)));
        List<Recorded> captions = captions(dir.resolve(CAPTIONS));
        for (float[][] rows : states.values()) {
            if (rows.length != ids.length) {
                throw new IOException(dir + ": states.h5 has " + rows.length + " rows but words.h5 " + ids.length);
            }
        }
        Recorded last = captions.isEmpty() ? null : captions.get(captions.size() - 1);
        if (last == null || last.first() + last.rows() != ids.length) {
            throw new IOException(dir + ": captions.tsv does not cover the " + ids.length + " rows");
        }
        String name = dir.toAbsolutePath().normalize().getFileName().toString();
        return new MemoryFolder(name, report, states, rowWords, captions);
    }

    private static Map<Integer, String> dictionary(Path file) throws IOException {
        Map<Integer, String> words = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.split(" ");
            if (parts.length != 2) {
                throw new IOException(file + ": not 'word id': " + line);
            }
            words.put(Integer.parseInt(parts[1]), parts[0]);
        }
        return words;
    }

    private static List<String> rowWords(int[] ids, Map<Integer, String> dictionary) throws IOException {
        List<String> words = new ArrayList<>(ids.length);
        for (int id : ids) {
            String word = dictionary.get(id);
            if (word == null) {
                throw new IOException("words.h5 holds id " + id + ", which words.dict does not have");
            }
            words.add(word);
        }
        return List.copyOf(words);
    }

    private static List<Recorded> captions(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Recorded> captions = new ArrayList<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) { // the first is the header
            String[] parts = line.split("\t", -1);
            if (parts.length != 4) {
                throw new IOException(file + ": not 4 columns: " + line);
            }
            captions.add(new Recorded(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), parts[3]));
        }
        return List.copyOf(captions);
    }

    String name() {
        return name;
    }

    JsonNode report() {
        return report;
    }

    List<Recorded> captions() {
        return captions;
    }

    /** The five state names, as states.h5 and memory.json name them. */
    List<String> stateNames() {
        return List.copyOf(states.keySet());
    }

    /** The state's rows [rows x cells], or null when there is no such state. */
    float[][] state(String stateName) {
        return states.get(stateName);
    }

    int cells() {
        return states.values().iterator().next()[0].length;
    }

    /** The words of a caption's rows, the end token last. */
    List<String> words(int caption) {
        Recorded c = captions.get(caption);
        return rowWords.subList(c.first(), c.first() + c.rows());
    }

    /** One cell's values over a caption's rows. */
    float[] values(String stateName, int cell, int caption) {
        Recorded c = captions.get(caption);
        float[][] rows = states.get(stateName);
        float[] values = new float[c.rows()];
        for (int i = 0; i < c.rows(); i++) {
            values[i] = rows[c.first() + i][cell];
        }
        return values;
    }
}
