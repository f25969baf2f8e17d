package caption.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import caption.model.LstmView;
import io.jhdf.HdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LSTMVis files read back, with jhdf's reader, bit for bit as recorded. */
class LstmVisProjectTest {

    private static final List<String> WORDS = List.of("<pad>", "<start>", "<end>", "<unk>", "a", "red", "circle");

    @TempDir
    Path dir;

    @Test
    void statesAndWordIdsReadBackEqual() throws Exception {
        StateRows rows = new StateRows(3);
        Random random = new Random(1);
        rows.add("one.png", view(random, "a", "red", "circle", "<end>"), WORDS::indexOf);
        rows.add("two.png", view(random, "a", "circle", "<end>"), WORDS::indexOf);
        LstmVisProject.write(dir, rows, WORDS, "test", "two captions");
        try (HdfFile states = new HdfFile(dir.resolve(LstmVisProject.STATES))) {
            for (StateType type : StateType.values()) {
                float[][] read = (float[][]) states.getDatasetByPath(type.dataset()).getData();
                assertEquals(7, read.length);
                for (int r = 0; r < read.length; r++) {
                    assertArrayEquals(rows.row(type, r), read[r], type + " row " + r);
                }
            }
        }
        try (HdfFile words = new HdfFile(dir.resolve(LstmVisProject.WORDS))) {
            assertArrayEquals(new int[] {4, 5, 6, 2, 4, 6, 2}, (int[]) words.getDatasetByPath("word_ids").getData());
        }
        assertEquals("<pad> 0\n<start> 1\n<end> 2\n<unk> 3\na 4\nred 5\ncircle 6\n",
                Files.readString(dir.resolve(LstmVisProject.DICTIONARY)));
        String config = Files.readString(dir.resolve(LstmVisProject.CONFIG));
        assertEquals(true, config.contains("{type: state, layer: 1, path: cell}"), config);
        try (var left = Files.list(dir)) {
            assertEquals(4, left.count(), "no temporary file is left");
        }
    }

    @Test
    void aWordWithASpaceCannotGoIntoWordsDict() {
        assertThrows(IllegalArgumentException.class, () -> LstmVisProject.dictionary(List.of("new york")));
    }

    private static LstmView view(Random random, String... words) {
        List<LstmView.Step> steps = new ArrayList<>();
        for (String word : words) {
            steps.add(new LstmView.Step(word, values(random), values(random), values(random), values(random),
                    values(random), List.of()));
        }
        return new LstmView(3, steps);
    }

    private static float[] values(Random random) {
        return new float[] {random.nextFloat() * 4 - 2, random.nextFloat(), random.nextFloat() - 0.5f};
    }
}
