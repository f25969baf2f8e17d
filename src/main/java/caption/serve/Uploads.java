package caption.serve;

import caption.image.ImageDecoder;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The images of a captions request: the raw body, or each file of a multipart body. A body over the
 * limit is refused from its Content-Length or, without one, as soon as the bytes read pass it;
 * multipart parts are limited by Jetty while it parses. Each upload's bytes go to the project's
 * image decoder, which refuses a decompression bomb from the header.
 */
final class Uploads {

    /** One uploaded image, named by its file name (multipart) or "body". */
    record Upload(String name, BufferedImage image) {}

    private final long maxBytes;
    private final ImageDecoder decoder;

    Uploads(long maxBytes, long maxPixels) {
        this.maxBytes = maxBytes;
        this.decoder = new ImageDecoder(maxPixels);
    }

    static boolean isMultipart(Context ctx) {
        String type = ctx.contentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data");
    }

    List<Upload> read(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes + (isMultipart(ctx) ? 64 * 1024 : 0)) {
            throw tooLarge();
        }
        if (isMultipart(ctx)) {
            return multipart(ctx);
        }
        try (InputStream body = ctx.req().getInputStream()) {
            return List.of(decode("body", body));
        } catch (IOException e) {
            throw new ApiError(400, "the body could not be read (" + e.getMessage() + ")");
        }
    }

    private List<Upload> multipart(Context ctx) {
        List<UploadedFile> files;
        try {
            files = ctx.uploadedFiles();
        } catch (Exception e) { // Jetty refuses a part or request over the limits, or a malformed body, while parsing
            // (an IOException too: Javalin, in Kotlin, lets the servlet's checked exceptions through undeclared)
            String message = String.valueOf(e.getMessage());
            if (message.contains("exceeds") || message.contains("max")) {
                throw tooLarge();
            }
            throw new ApiError(400, "the multipart body could not be read (" + message + ")");
        }
        if (files.isEmpty()) {
            throw new ApiError(400, "the multipart body has no file: send the image as a part named 'image'");
        }
        List<Upload> uploads = new ArrayList<>();
        for (UploadedFile file : files) {
            try (InputStream in = file.content()) {
                uploads.add(decode(file.filename() == null ? "image" : file.filename(), in));
            } catch (IOException e) {
                throw new ApiError(400, file.filename() + ": could not be read (" + e.getMessage() + ")");
            }
        }
        return uploads;
    }

    private Upload decode(String name, InputStream in) throws IOException {
        byte[] bytes = readAtMost(in);
        if (bytes.length == 0) {
            throw new ApiError(400, name + ": empty body: send an image (raw body or multipart part 'image')");
        }
        try {
            return new Upload(name, decoder.decode(name, bytes));
        } catch (ImageDecoder.ImageException e) {
            String reason = e.getMessage().substring(name.length() + 2);
            int status = reason.contains("pixels") ? 413 : reason.startsWith("not a decodable") ? 415 : 400;
            throw new ApiError(status, e.getMessage());
        }
    }

    /** The stream's bytes, refused as soon as they pass the limit. */
    private byte[] readAtMost(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int n; (n = in.read(buffer)) > 0; ) {
            if (out.size() + (long) n > maxBytes) {
                throw tooLarge();
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private ApiError tooLarge() {
        return new ApiError(413, "upload over the limit of " + maxBytes / (1024 * 1024) + " MB");
    }
}
