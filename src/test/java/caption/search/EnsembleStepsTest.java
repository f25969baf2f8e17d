package caption.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnsembleStepsTest {

    @Test
    void oneMemberSearchesAsTheMemberAlone() {
        SearchSettings beam = new SearchSettings(3, 6, 0.7);
        List<Hypothesis> alone = new BeamSearch(beam, BeamSearchTest.START, BeamSearchTest.END)
                .search(new BeamSearchTest.Table());
        List<Hypothesis> ensemble = new BeamSearch(beam, BeamSearchTest.START, BeamSearchTest.END)
                .search(new EnsembleSteps(List.of(new BeamSearchTest.Table())));
        assertEquals(alone.size(), ensemble.size());
        for (int i = 0; i < alone.size(); i++) {
            assertArrayEquals(alone.get(i).words(), ensemble.get(i).words());
            assertEquals(alone.get(i).logProb(), ensemble.get(i).logProb(), 1e-6);
        }
    }

    @Test
    void aStepIsTheMeanOfTheMembersLogProbabilities() {
        FixedSteps a = FixedSteps.ofProbabilities(0.1, 0.2, 0.7);
        FixedSteps b = FixedSteps.ofProbabilities(0.5, 0.4, 0.1);
        EnsembleSteps ensemble = new EnsembleSteps(List.of(a, b));
        StepFunction.Result<EnsembleSteps.States> r = ensemble.step(ensemble.initial(), new int[] {0, 2});
        for (int row = 0; row < 2; row++) {
            for (int w = 0; w < 3; w++) {
                double expected = (Math.log(new double[] {0.1, 0.2, 0.7}[w]) + Math.log(new double[] {0.5, 0.4, 0.1}[w])) / 2;
                assertEquals(expected, r.logProbs()[row][w], 1e-6);
            }
        }
        ensemble.select(r.state(), new int[] {1, 1, 0});
        assertArrayEquals(new int[] {1, 1, 0}, a.lastSelected, "every member keeps the same rows");
        assertArrayEquals(new int[] {1, 1, 0}, b.lastSelected);
    }

    @Test
    void anEnsembleHasMembers() {
        assertThrows(IllegalArgumentException.class, () -> new EnsembleSteps(List.of()));
    }
}
