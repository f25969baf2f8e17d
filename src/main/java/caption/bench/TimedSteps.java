package caption.bench;

import caption.search.StepFunction;

/** A model's steps as the search sees them, with the time spent in them and the rows they ran. */
final class TimedSteps<S> implements StepFunction<S> {

    private final StepFunction<S> inner;
    private long nanos;
    private long rows;
    private long steps;
    private int widest;

    TimedSteps(StepFunction<S> inner) {
        this.inner = inner;
    }

    @Override
    public S initial() {
        long start = System.nanoTime();
        S s = inner.initial();
        nanos += System.nanoTime() - start;
        return s;
    }

    @Override
    public Result<S> step(S state, int[] lastWords) {
        long start = System.nanoTime();
        Result<S> r = inner.step(state, lastWords);
        nanos += System.nanoTime() - start;
        rows += lastWords.length;
        widest = Math.max(widest, lastWords.length);
        steps++;
        return r;
    }

    @Override
    public S select(S state, int[] rowsKept) {
        long start = System.nanoTime();
        S s = inner.select(state, rowsKept);
        nanos += System.nanoTime() - start;
        return s;
    }

    long nanos() {
        return nanos;
    }

    /** Steps run: each reads the model's step weights once, whatever its rows. */
    long steps() {
        return steps;
    }

    /** The most rows one step ran. */
    int widest() {
        return widest;
    }

    /** Live sequences fed through steps, summed over the steps: the row-steps the arithmetic scales with. */
    long rows() {
        return rows;
    }
}
