/**
 * Speed benchmarks of the captioning workloads at the sizes of the PyTorch reference peer
 * ({@code ../shared/peers/pytorch_peer.py}), printed as JSON lines for {@code scripts/bench}.
 *
 * <p>Layering: may import {@code caption.decoder}, {@code encoder}, {@code search} and
 * {@code train} only.
 */
package caption.bench;
