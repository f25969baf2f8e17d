/**
 * Speed benchmarks of the captioning workloads at the sizes of the PyTorch reference peer
 * ({@code ../shared/peers/pytorch_peer.py}), printed as JSON lines for {@code scripts/bench}; and
 * the folder path's profile, stage by stage beside each stage's floor ({@link caption.bench.FolderProfile}).
 *
 * <p>Layering: may import {@code caption.batch}, {@code data}, {@code decoder}, {@code encoder},
 * {@code image}, {@code kernel}, {@code model}, {@code search} and {@code train} only.
 */
package caption.bench;
