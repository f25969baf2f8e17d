package caption.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Co-clusters on a hand-made update matrix with two plain blocks. */
class CoClustersTest {

    @Test
    void cellsMovedByTheSameWordsGroupWithThoseWords() {
        double[][] update = {
            {1.0, 0.9, 0.0, 0.1},
            {0.9, 1.1, 0.1, 0.0},
            {0.0, 0.1, -1.0, -0.8},
            {0.1, 0.0, -0.9, -1.2},
            {0.0, 0.0, -1.1, -1.0}};
        WordUpdates updates = new WordUpdates(List.of("red", "blue", "circle", "square"), update);
        List<CoClusters.Group> groups = CoClusters.of(updates, 2);
        assertEquals(List.of(new CoClusters.Group(List.of(2, 3, 4), List.of("circle", "square")), // equally strong: by name
                new CoClusters.Group(List.of(0, 1), List.of("blue", "red"))), groups);
        assertEquals(List.of(new WordUpdates.WordUpdate("square", -1.2), new WordUpdates.WordUpdate("circle", -0.9)),
                updates.strongestPerCell(2).get(3).words());
    }
}
