package caption.model;

import caption.data.Vocabulary;
import caption.decoder.FeatureScaler;
import caption.decoder.CaptionDecoder;
import caption.decoder.DecoderConfig;
import caption.decoder.DecoderType;
import caption.decoder.LstmTrace;
import caption.decoder.SearchWarmUp;
import caption.encoder.Features;
import caption.encoder.ImageEncoder;
import caption.search.BeamSearch;
import caption.search.CaptionSearch;
import caption.search.EnsembleSteps;
import caption.search.StepFunction;
import caption.search.Hypothesis;
import caption.search.SearchSettings;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Everything needed to caption: encoder, feature scaler, decoder, vocabulary, and provenance; for an
 * ensemble, further members (each its own scaler and decoder over the same encoder and vocabulary)
 * that search with the first as one model ({@link EnsembleSteps}). Attention maps and the LSTM's
 * view show the first member.
 */
public final class CaptionModel {

    /** A further member of an ensemble: its feature scaler, decoder and provenance. */
    public record Member(FeatureScaler scaler, CaptionDecoder decoder, Provenance provenance) {}

    /** The next words shown per step of an {@link LstmView}. */
    static final int NEXT_WORDS = 5;

    private final ModelConfig config;
    private final ImageEncoder encoder;
    private final FeatureScaler scaler;
    private final CaptionDecoder decoder;
    private final Vocabulary vocabulary;
    private final Provenance provenance;
    private final List<Member> ensemble;

    public CaptionModel(ModelConfig config, ImageEncoder encoder, FeatureScaler scaler, CaptionDecoder decoder,
            Vocabulary vocabulary, Provenance provenance) {
        this(config, encoder, scaler, decoder, vocabulary, provenance, List.of());
    }

    /** A model whose config lists the further {@code ensemble} members' decoders, in order. */
    public CaptionModel(ModelConfig config, ImageEncoder encoder, FeatureScaler scaler, CaptionDecoder decoder,
            Vocabulary vocabulary, Provenance provenance, List<Member> ensemble) {
        if (vocabulary.size() != config.decoder().vocabularySize()) {
            throw new IllegalArgumentException("vocabulary has " + vocabulary.size() + " words, the decoder "
                    + config.decoder().vocabularySize());
        }
        if (ensemble.size() != config.ensemble().size()) {
            throw new IllegalArgumentException("model.json lists " + config.ensemble().size()
                    + " further ensemble members, the model has " + ensemble.size());
        }
        for (Member m : ensemble) {
            if (m.decoder().config().vocabularySize() != vocabulary.size()) {
                throw new IllegalArgumentException("an ensemble member's decoder has "
                        + m.decoder().config().vocabularySize() + " words, the vocabulary " + vocabulary.size());
            }
        }
        this.ensemble = List.copyOf(ensemble);
        this.config = config;
        this.encoder = encoder;
        this.scaler = scaler;
        this.decoder = decoder;
        this.vocabulary = vocabulary;
        this.provenance = provenance;
    }

    public List<Caption> caption(List<BufferedImage> images, SearchSettings search) {
        return caption(images, search, false);
    }

    /**
     * Captions; with {@code attention}, an attention model also says where it looked for each word
     * (one more decoder pass over the best caption, so only when the output needs it).
     */
    public List<Caption> caption(List<BufferedImage> images, SearchSettings search, boolean attention) {
        return caption(images, search, attention, false);
    }

    /** Captions; with {@code lstm}, also what the LSTM did at each word of the best caption (one more pass). */
    public List<Caption> caption(List<BufferedImage> images, SearchSettings search, boolean attention, boolean lstm) {
        return captionFeatures(encoder.encode(images), search, attention, lstm);
    }

    /** Captions of already encoded images. */
    public List<Caption> captionFeatures(Features features, SearchSettings search, boolean attention) {
        return captionFeatures(features, search, attention, false);
    }

    /** Captions of already encoded images, with the attention and LSTM replays asked for. */
    public List<Caption> captionFeatures(Features features, SearchSettings search, boolean attention, boolean lstm) {
        Map<DecoderType.FeatureInput, INDArray> unscaled = new EnumMap<>(DecoderType.FeatureInput.class);
        INDArray rows = input(config.decoder(), scaler, features, unscaled);
        List<INDArray> memberRows = new ArrayList<>();
        ensemble.forEach(m -> memberRows.add(input(m.decoder().config(), m.scaler(), features, unscaled)));
        List<List<Hypothesis>> nBestLists = nBestLists(rows, memberRows, search);
        List<int[]> best = nBestLists.stream().map(n -> n.isEmpty() ? new int[0] : n.get(0).words()).toList();
        List<float[][]> maps = attention && config.decoder().decoderType().attends()
                ? decoder.attentionEach(rows, vocabulary.startId(), best) : null;
        List<Caption> captions = new ArrayList<>();
        for (int i = 0; i < features.count(); i++) {
            INDArray row = rowOf(rows, i);
            List<Hypothesis> nBest = nBestLists.get(i);
            Caption caption = toCaption(nBest);
            if (maps != null && !nBest.isEmpty()) {
                caption = withAttention(caption, best.get(i), maps.get(i), features.grid());
            }
            if (lstm && !nBest.isEmpty()) {
                caption = withLstm(caption, row, nBest.get(0).words());
            }
            captions.add(caption);
        }
        return captions;
    }

    /**
     * Has the JIT compile the search's code: a few searches of tiny random decoders ({@link
     * SearchWarmUp}), for a thread that would otherwise wait (a folder run's, while its first batch is
     * encoded). Touches no model.
     *
     * @param done whether to stop: checked before each of the warm-up's searches
     */
    public static void warmUpSearch(BooleanSupplier done) {
        SearchWarmUp.run(done);
    }

    /**
     * Each image's n-best list. A beam search steps all the images together where every member's
     * decoder can ({@link CaptionDecoder#batchSteps}): one model call per step for the batch instead
     * of one per image. Other searches take one image at a time.
     */
    private List<List<Hypothesis>> nBestLists(INDArray rows, List<INDArray> memberRows, SearchSettings search) {
        int count = (int) rows.rows();
        StepFunction<?> together = search.method().equals(SearchSettings.BEAM) ? batchSteps(rows, memberRows) : null;
        if (together != null) {
            return new BeamSearch(search, vocabulary.startId(), vocabulary.endId()).searchEach(together, count);
        }
        CaptionSearch each = CaptionSearch.of(search, vocabulary.startId(), vocabulary.endId());
        List<List<Hypothesis>> nBestLists = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<StepFunction<?>> members = new ArrayList<>();
            members.add(decoder.steps(rowOf(rows, i), vocabulary.unwritable()));
            for (int m = 0; m < ensemble.size(); m++) {
                members.add(ensemble.get(m).decoder().steps(rowOf(memberRows.get(m), i), vocabulary.unwritable()));
            }
            nBestLists.add(each.search(asOne(members)));
        }
        return nBestLists;
    }

    /** Every member's step function over all the images, as one; null if a member's takes one image at a time. */
    private StepFunction<?> batchSteps(INDArray rows, List<INDArray> memberRows) {
        List<StepFunction<?>> members = new ArrayList<>();
        members.add(decoder.batchSteps(rows, vocabulary.unwritable()));
        for (int m = 0; m < ensemble.size(); m++) {
            members.add(ensemble.get(m).decoder().batchSteps(memberRows.get(m), vocabulary.unwritable()));
        }
        return members.contains(null) ? null : asOne(members);
    }

    private static StepFunction<?> asOne(List<StepFunction<?>> members) {
        return members.size() == 1 ? members.get(0) : new EnsembleSteps(members);
    }

    /** The decoder's scaled feature rows: pooled vectors, or grids flattened position by position. */
    public INDArray decoderInput(Features features) {
        return input(config.decoder(), scaler, features, new EnumMap<>(DecoderType.FeatureInput.class));
    }

    /**
     * A decoder's scaled rows; the unscaled rows of each kind (the grid's are a permuted copy) are
     * made once into {@code unscaled} and shared by the ensemble's members, which scale without
     * changing them.
     */
    private static INDArray input(DecoderConfig decoder, FeatureScaler scaler, Features features,
            Map<DecoderType.FeatureInput, INDArray> unscaled) {
        DecoderType.FeatureInput kind = decoder.decoderType().input();
        return scaler.apply(unscaled.computeIfAbsent(kind,
                k -> k == DecoderType.FeatureInput.GRID ? features.gridRows() : features.pooled()));
    }

    private static INDArray rowOf(INDArray rows, int i) {
        return rows.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all());
    }

    private Caption withAttention(Caption caption, int[] words, float[][] weights, INDArray grid) {
        List<String> tokens = new ArrayList<>();
        for (int w : words) {
            tokens.add(vocabulary.word(w));
        }
        tokens.add(Vocabulary.END);
        return caption.withAttention(new AttentionMap((int) grid.size(2), (int) grid.size(3), tokens, weights));
    }

    private Caption withLstm(Caption caption, INDArray row, int[] words) {
        LstmView view = lstmView(row, words);
        return view == null ? caption : caption.withLstm(view);
    }

    /**
     * What the LSTM does reading given captions by teacher forcing: for each image, one view per
     * caption of {@code captions.get(i)}, its words (unknown ones as {@code <unk>}) fed in whatever
     * the model would have written; an empty list when the decoder shows no LSTM.
     */
    public List<List<LstmView>> read(List<BufferedImage> images, List<List<String>> captions) {
        if (images.size() != captions.size()) {
            throw new IllegalArgumentException(images.size() + " images, captions for " + captions.size());
        }
        INDArray rows = decoderInput(encoder.encode(images));
        List<List<LstmView>> out = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            List<LstmView> views = new ArrayList<>();
            for (String caption : captions.get(i)) {
                LstmView view = lstmView(rowOf(rows, i), vocabulary.encode(caption));
                if (view != null) {
                    views.add(view);
                }
            }
            out.add(views);
        }
        return out;
    }

    /** The LSTM's view of writing {@code words}, then the end; null when the decoder shows no LSTM. */
    private LstmView lstmView(INDArray row, int[] words) {
        LstmTrace trace = decoder.trace(row, vocabulary.startId(), words, vocabulary.unwritable());
        if (trace == null) {
            return null;
        }
        List<LstmView.Step> steps = new ArrayList<>();
        for (int t = 0; t < trace.steps().size(); t++) {
            LstmTrace.Step s = trace.steps().get(t);
            String word = t < words.length ? vocabulary.word(words[t]) : Vocabulary.END;
            steps.add(new LstmView.Step(word, s.hidden(), s.cell(), s.inputGate(), s.forgetGate(), s.outputGate(),
                    nextWords(s.logProbs())));
        }
        return new LstmView(trace.hiddenSize(), steps);
    }

    private List<LstmView.NextWord> nextWords(float[] logProbs) {
        Integer[] order = new Integer[logProbs.length];
        for (int w = 0; w < order.length; w++) {
            order[w] = w;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(logProbs[b], logProbs[a]));
        List<LstmView.NextWord> next = new ArrayList<>();
        for (int k = 0; k < Math.min(NEXT_WORDS, order.length); k++) {
            next.add(new LstmView.NextWord(vocabulary.word(order[k]), Math.exp(logProbs[order[k]])));
        }
        return next;
    }

    private Caption toCaption(List<Hypothesis> nBest) {
        List<Alternative> all = new ArrayList<>();
        for (Hypothesis h : nBest) {
            all.add(new Alternative(vocabulary.decode(h.words()), h.score(), h.logProb()));
        }
        return Caption.best(all);
    }

    public ModelConfig config() {
        return config;
    }

    public ImageEncoder encoder() {
        return encoder;
    }

    public FeatureScaler scaler() {
        return scaler;
    }

    public CaptionDecoder decoder() {
        return decoder;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public Provenance provenance() {
        return provenance;
    }

    /** The further members of an ensemble (empty for a single model). */
    public List<Member> ensemble() {
        return ensemble;
    }

    /**
     * One model of an ensemble as a model of its own (1: the first), with the ensemble's encoder,
     * vocabulary and search; a single model is its own first.
     */
    public CaptionModel member(int number) {
        if (number < 1 || number > ensemble.size() + 1) {
            throw new IllegalArgumentException("no model " + number + " in a model of " + (ensemble.size() + 1));
        }
        if (number == 1) {
            return new CaptionModel(ModelConfig.of(config.decoder(), config.search()), encoder, scaler, decoder,
                    vocabulary, provenance);
        }
        Member m = ensemble.get(number - 2);
        return new CaptionModel(ModelConfig.of(config.ensemble().get(number - 2), config.search()), encoder, m.scaler(),
                m.decoder(), vocabulary, m.provenance());
    }
}
