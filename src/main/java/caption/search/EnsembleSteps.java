package caption.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Several models as one for a search: each step feeds every member the same words and gives the
 * mean of their next-word log-probabilities (the geometric mean of their distributions, unnormalised,
 * as im2txt's and ImageCaptioning.pytorch's ensembles combine them). The members' states travel
 * together, one per member.
 */
public final class EnsembleSteps implements StepFunction<EnsembleSteps.States> {

    /** One state per member, in the members' order. */
    public record States(List<Object> members) {}

    private final List<StepFunction<Object>> members;

    @SuppressWarnings("unchecked")
    public EnsembleSteps(List<? extends StepFunction<?>> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        this.members = new ArrayList<>();
        for (StepFunction<?> m : members) {
            this.members.add((StepFunction<Object>) m);
        }
    }

    @Override
    public States initial() {
        List<Object> states = new ArrayList<>();
        members.forEach(m -> states.add(m.initial()));
        return new States(states);
    }

    @Override
    public Result<States> step(States state, int[] lastWords) {
        List<Object> next = new ArrayList<>();
        float[][] mean = null;
        float share = 1f / members.size();
        for (int m = 0; m < members.size(); m++) {
            Result<Object> r = members.get(m).step(state.members().get(m), lastWords);
            next.add(r.state());
            float[][] logProbs = r.logProbs();
            if (mean == null) {
                mean = new float[logProbs.length][logProbs[0].length];
            }
            for (int row = 0; row < logProbs.length; row++) {
                for (int w = 0; w < logProbs[row].length; w++) {
                    mean[row][w] += share * logProbs[row][w];
                }
            }
        }
        return new Result<>(mean, new States(next));
    }

    @Override
    public States select(States state, int[] rows) {
        List<Object> selected = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            selected.add(members.get(m).select(state.members().get(m), rows));
        }
        return new States(selected);
    }
}
