/**
 * Speed benchmarks of the captioning workloads at the sizes of the PyTorch reference peer
 * ({@code ../shared/peers/pytorch_peer.py}), printed as JSON lines for {@code scripts/bench}.
 */
package caption.bench;
