package caption.search;

import static caption.search.BeamSearchTest.A;
import static caption.search.BeamSearchTest.B;
import static caption.search.BeamSearchTest.END;
import static caption.search.BeamSearchTest.START;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Greedy decoding and sampling behind {@link CaptionSearch}, on the beam search test's hand-made model. */
class SearchStrategiesTest {

    private static final SearchSettings SETTINGS = new SearchSettings(1, 10, 0.0);

    @Test
    void theSettingsNameTheSearch() {
        assertInstanceOf(BeamSearch.class, CaptionSearch.of(SETTINGS, START, END));
        assertInstanceOf(GreedySearch.class, CaptionSearch.of(SETTINGS.withMethod(SearchSettings.GREEDY, 1), START, END));
        assertInstanceOf(SamplingSearch.class, CaptionSearch.of(SETTINGS.withMethod(SearchSettings.SAMPLE, 1), START, END));
        assertThrows(IllegalArgumentException.class, () -> SETTINGS.withMethod("best-first", 1));
        assertThrows(IllegalArgumentException.class, () -> SETTINGS.withMethod(SearchSettings.SAMPLE, -1));
    }

    @Test
    void greedyTakesTheMostProbableWordEachStepAsBeamOfOneDoes() {
        List<Hypothesis> greedy = new GreedySearch(SETTINGS, START, END).search(new BeamSearchTest.Table());
        List<Hypothesis> beam = new BeamSearch(SETTINGS, START, END).search(new BeamSearchTest.Table());
        assertEquals(1, greedy.size());
        assertEquals(A, greedy.get(0).words()[0]);
        assertEquals(Math.log(0.6) + Math.log(0.35) + Math.log(1.0), greedy.get(0).logProb(), 1e-6);
        assertEquals(beam.get(0).logProb(), greedy.get(0).logProb(), 1e-6);
    }

    @Test
    void samplingDrawsWordsAsOftenAsTheModelSays() {
        SamplingSearch sampler = new SamplingSearch(SETTINGS, START, END, new Random(3));
        int startsWithA = 0;
        int draws = 2000;
        for (int i = 0; i < draws; i++) {
            if (sampler.search(new BeamSearchTest.Table()).get(0).words()[0] == A) {
                startsWithA++;
            }
        }
        assertEquals(0.6, startsWithA / (double) draws, 0.04);
    }

    @Test
    void samplingIsRepeatableFromASeedAndReturnsKCaptionsBestFirst() {
        SearchSettings five = new SearchSettings(5, 10, 0.0).withMethod(SearchSettings.SAMPLE, 1.0);
        List<Hypothesis> first = new SamplingSearch(five, START, END, new Random(9)).search(new BeamSearchTest.Table());
        List<Hypothesis> again = new SamplingSearch(five, START, END, new Random(9)).search(new BeamSearchTest.Table());
        assertEquals(5, first.size());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(first.get(i).words(), again.get(i).words());
            assertTrue(first.get(i).ended());
            if (i > 0) {
                assertTrue(first.get(i - 1).score() >= first.get(i).score());
            }
        }
    }

    @Test
    void theEndIsNeverDrawnAfterAWordItMayNotFollow() {
        SearchSettings five = new SearchSettings(5, 10, 0.0).withMethod(SearchSettings.SAMPLE, 1.0);
        int endedOnB = 0;
        int endedOnBWhenBarred = 0;
        for (int i = 0; i < 200; i++) {
            endedOnB += endingsOn(B, new SamplingSearch(five, START, END, new Random(i)));
            endedOnBWhenBarred += endingsOn(B, new SamplingSearch(five, START, END, new Random(i), Set.of(B)));
        }
        assertTrue(endedOnB > 100, "the model ends after B nine times in ten: " + endedOnB);
        assertEquals(0, endedOnBWhenBarred);
    }

    private static int endingsOn(int word, SamplingSearch sampler) {
        int count = 0;
        for (Hypothesis h : sampler.search(new BeamSearchTest.Table())) {
            if (h.ended() && h.words().length > 0 && h.words()[h.words().length - 1] == word) {
                count++;
            }
        }
        return count;
    }

    @Test
    void aColdTemperatureSamplesTheGreedyFirstWord() {
        SearchSettings cold = SETTINGS.withMethod(SearchSettings.SAMPLE, 0.02);
        SamplingSearch sampler = new SamplingSearch(cold, START, END, new Random(1));
        for (int i = 0; i < 50; i++) {
            assertEquals(A, sampler.search(new BeamSearchTest.Table()).get(0).words()[0]);
        }
    }

    /** A model that always prefers word A, then B, then the end. */
    private static FixedSteps stubborn() {
        return new FixedSteps(-30f, (float) Math.log(0.2), (float) Math.log(0.5), (float) Math.log(0.3), -30f);
    }

    @Test
    void aMinimumLengthKeepsEachSearchFromEndingEarly() {
        SearchSettings atLeastThree = new SearchSettings(3, 10, 0.0).withConstraints(3, false);
        for (CaptionSearch search : List.of(new BeamSearch(atLeastThree, START, END),
                new GreedySearch(atLeastThree, START, END),
                new SamplingSearch(atLeastThree.withMethod(SearchSettings.SAMPLE, 1.0), START, END, new Random(2)))) {
            for (Hypothesis h : search.search(new BeamSearchTest.Table())) {
                assertTrue(h.words().length >= 3, search.getClass().getSimpleName() + ": " + java.util.Arrays.toString(h.words()));
            }
        }
    }

    @Test
    void trigramBlockingRulesOutARepeatedTrigram() {
        SearchSettings free = new SearchSettings(1, 6, 0.0).withMethod(SearchSettings.GREEDY, 1.0);
        assertArrayEquals(new int[] {A, A, A, A, A, A}, new GreedySearch(free, START, END).search(stubborn()).get(0).words());
        int[] blocked = new GreedySearch(free.withConstraints(0, true), START, END).search(stubborn()).get(0).words();
        for (int i = 0; i + 2 < blocked.length; i++) {
            for (int j = i + 1; j + 2 < blocked.length; j++) {
                assertTrue(blocked[i] != blocked[j] || blocked[i + 1] != blocked[j + 1] || blocked[i + 2] != blocked[j + 2],
                        java.util.Arrays.toString(blocked));
            }
        }
        assertEquals(A, blocked[2]);
    }
}
