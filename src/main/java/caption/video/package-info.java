/**
 * Timed captions of videos: reading frames with javacv's FFmpeg grabber ({@link caption.video.VideoReader}),
 * choosing the frames to caption every N seconds or at scene changes ({@link caption.video.FrameSampler},
 * {@link caption.video.SceneChangeDetector}), captioning them in model batches through
 * {@link caption.api.Captioner}, merging equal consecutive captions into cues ({@link caption.video.CueMerger})
 * and writing them as SRT, WebVTT or JSON lines ({@link caption.video.CueFormat}); {@link caption.video.VideoRun}
 * is a run over many videos for the command line. It may depend on api (the model, through
 * Captioner only), batch (listing folders), io and model (only for the {@link caption.model.Caption}
 * records Captioner returns); nothing but cli may depend on it, and it must not depend on cli, train,
 * or the encoder, decoder and search packages.
 */
package caption.video;
