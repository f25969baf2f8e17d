package caption.train;

import caption.decoder.CaptionDecoder;
import caption.search.SearchSettings;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Chooses a model's default search on the validation split: beam sizes 1, 3 and 5, then trigram
 * blocking at the best of them, each kept only if it validates better ({@link Validation.Figures#betterThan}).
 */
public final class SearchTuning {

    static final List<Integer> BEAMS = List.of(1, 3, 5);

    private SearchTuning() {}

    /** The best search of {@code validation}'s (its beam replaced); each one's figures go to {@code log}. */
    public static SearchSettings tune(CaptionDecoder decoder, Validation validation, PrintWriter log) {
        SearchSettings base = validation.search().withConstraints(validation.search().minLength(), false);
        SearchSettings best = null;
        Validation.Figures bestFigures = null;
        for (int beam : BEAMS) {
            SearchSettings candidate = base.withBeam(beam);
            Validation.Figures figures = validation.withSearch(candidate).evaluate(decoder);
            log.printf(Locale.ROOT, "search: beam %d: %s%n", beam, figures.describe());
            if (bestFigures == null || figures.betterThan(bestFigures)) {
                best = candidate;
                bestFigures = figures;
            }
        }
        SearchSettings blocking = best.withConstraints(best.minLength(), true);
        Validation.Figures figures = validation.withSearch(blocking).evaluate(decoder);
        log.printf(Locale.ROOT, "search: beam %d, repeated trigrams blocked: %s%n", best.beamSize(), figures.describe());
        if (figures.betterThan(bestFigures)) {
            best = blocking;
        }
        log.printf(Locale.ROOT, "search: the model's default: beam %d%s%n", best.beamSize(),
                best.blockTrigrams() ? ", repeated trigrams blocked" : "");
        log.flush();
        return best;
    }
}
