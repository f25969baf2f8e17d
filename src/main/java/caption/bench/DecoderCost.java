package caption.bench;

import caption.decoder.CaptionDecoder;
import caption.decoder.DecoderConfig;
import caption.decoder.DecoderParams;

/**
 * The arithmetic and memory a decoder's search needs, counted from the model's own sizes as the
 * search runs them ({@code AttendTellSteps}, {@code ShowTellSteps}): per image, the work done once
 * before the first word (attention's projection of the grid, the initial state); per live row and
 * step, the products and the element-wise work; per step, the weights its products read once for
 * all rows. A tanh, sigmoid or exp counts as one flop, so the count is a floor.
 *
 * @param setupFlops once per image
 * @param rowStepFlops per live sequence and step
 * @param stepWeightBytes float32 weights read by a step's products, whatever its rows
 * @param rowBytes bytes a step reads per row besides the weights (its word's part of the gates; the grid and
 *     its projection)
 */
public record DecoderCost(double setupFlops, double rowStepFlops, long stepWeightBytes, long rowBytes) {

    public static DecoderCost of(CaptionDecoder decoder) {
        DecoderConfig c = decoder.config();
        DecoderParams p = decoder.params();
        long h = c.hiddenSize();
        long v = c.vocabularySize();
        // a row's word's part of the LSTM product is kept per word (WordGates): read and added, not multiplied
        long lstm = p.get(DecoderParams.LSTM_W).length() - c.embeddingSize() * 4 * h;
        long out = p.get(DecoderParams.OUT_W).length();
        long init = p.get(DecoderParams.INIT_W).length();
        double cell = 4 * h /* the word's part */ + 4 * h /* bias */ + 4 * h /* gate functions */ + 5 * h /* c and h */;
        double outputLayer = v /* bias */ + 3 * v /* log-softmax */;
        if (!c.decoderType().attends()) {
            return new DecoderCost(2.0 * init + 4 * h, 2.0 * (lstm + out) + cell + outputLayer,
                    Float.BYTES * (lstm + out), Float.BYTES * 4 * h);
        }
        long l = c.regions();
        long a = c.attentionSize();
        long ch = c.contextSize();
        long query = p.get(DecoderParams.ATT_HIDDEN_W).length();
        long gate = p.get(DecoderParams.GATE_W).length();
        double setup = 2.0 * l * ch * a + l * a /* projection and bias */ + l * ch /* mean */ + 2.0 * init + 4 * h;
        double attention = 2.0 * query + l * (4.0 * a + 3) /* v . tanh(P + q), softmax */ + 2.0 * l * ch /* context */;
        double gating = 2.0 * gate + 3.0 * ch;
        return new DecoderCost(setup, attention + gating + 2.0 * (lstm + out) + cell + outputLayer,
                Float.BYTES * (lstm + out + query + gate + a), Float.BYTES * (l * (a + ch) + 4 * h));
    }
}
