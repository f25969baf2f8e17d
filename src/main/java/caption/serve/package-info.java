/**
 * {@code caption serve}: the HTTP API ({@code /v1/captions}, {@code /v1/models}, {@code /v1/health}),
 * live captions of a camera's frames on a WebSocket ({@code /v1/live}) and the web page on an
 * embedded Javalin server. Requests and frames are decoded on the server's threads and batched per
 * model ({@link caption.serve.ModelBatcher}); uploads are limited while they stream.
 * It stands on the library facade (caption.api) and may also use image, io and model; only cli
 * may depend on it.
 */
package caption.serve;
