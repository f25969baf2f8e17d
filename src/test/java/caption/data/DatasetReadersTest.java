package caption.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each reader on a small hand-made file in its format. */
class DatasetReadersTest {

    private static final byte[] PNG;

    static {
        try {
            PNG = Files.readAllBytes(Path.of("datasets/shapes/samples/images/000000.png"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @TempDir
    Path dir;

    private Path images(String folder, String... names) throws IOException {
        Path images = Files.createDirectories(dir.resolve(folder));
        for (String name : names) {
            Files.createDirectories(images.resolve(name).getParent());
            Files.write(images.resolve(name), PNG);
        }
        return images;
    }

    private static DatasetReader.Options split(String split) {
        return new DatasetReader.Options(split, null, 1);
    }

    private static List<String> names(CaptionDataset data) {
        return data.images().stream().map(i -> i.path().getFileName().toString()).toList();
    }

    @Test
    void cocoOfficialAnnotations() throws IOException {
        images("val2014", "COCO_val2014_1.jpg", "COCO_val2014_2.jpg", "COCO_val2014_4.jpg");
        Path file = Files.writeString(dir.resolve("captions_val2014.json"), """
                {"info": {}, "images": [{"id": 1, "file_name": "COCO_val2014_1.jpg"},
                  {"id": 2, "file_name": "COCO_val2014_2.jpg"}, {"id": 3, "file_name": "COCO_val2014_3.jpg"},
                  {"id": 4, "file_name": "COCO_val2014_4.jpg"}],
                 "annotations": [{"id": 10, "image_id": 1, "caption": "A cat."}, {"id": 11, "image_id": 1, "caption": "a kitten"},
                  {"id": 12, "image_id": 2, "caption": "a dog"}, {"id": 13, "image_id": 3, "caption": "a bird"}]}""");
        CaptionDataset data = DatasetReaders.read(file, DatasetReaders.AUTO, DatasetReader.Options.all());
        assertEquals(List.of("COCO_val2014_1.jpg", "COCO_val2014_2.jpg"), names(data));
        assertEquals(List.of("A cat.", "a kitten"), data.images().get(0).captions());
        assertEquals(1L, data.images().get(0).id());
        assertEquals(2, data.skipped(), "image 3 has no file, image 4 no caption");
        assertTrue(data.problems().get(0).endsWith("COCO_val2014_3.jpg: no such image file, skipped"), data.problems().toString());
        assertTrue(data.problems().get(1).endsWith("no caption, skipped"), data.problems().toString());
    }

    @Test
    void karpathySplitFile() throws IOException {
        images("images", "train2014/a.jpg", "val2014/b.jpg", "val2014/c.jpg");
        Path file = Files.writeString(dir.resolve("dataset_coco.json"), """
                {"dataset": "coco", "images": [
                  {"filepath": "train2014", "filename": "a.jpg", "imgid": 0, "split": "train", "cocoid": 7,
                   "sentences": [{"raw": "A man rides.", "tokens": ["a", "man", "rides"]}]},
                  {"filepath": "val2014", "filename": "b.jpg", "imgid": 1, "split": "restval", "cocoid": 8,
                   "sentences": [{"raw": "Two dogs.", "tokens": ["two", "dogs"]}]},
                  {"filepath": "val2014", "filename": "c.jpg", "imgid": 2, "split": "test", "cocoid": 9,
                   "sentences": [{"raw": "A tree.", "tokens": ["a", "tree"]}, {"raw": "Green leaves.", "tokens": []}]}]}""");
        CaptionDataset train = DatasetReaders.read(file, DatasetReaders.AUTO, split("train"));
        assertEquals(List.of("a.jpg", "b.jpg"), names(train), "train takes restval too");
        assertEquals(List.of(7L, 8L), train.images().stream().map(CaptionedImage::id).toList());
        CaptionDataset test = DatasetReaders.read(file, "karpathy", split("test"));
        assertEquals(List.of("A tree.", "Green leaves."), test.images().get(0).captions());
        assertEquals(dir.resolve("images/val2014/c.jpg"), test.images().get(0).path());
    }

    @Test
    void flickr8kTokenFileWithSplitLists() throws IOException {
        images("Flicker8k_Dataset", "1.jpg", "2.jpg", "3.jpg");
        Path file = Files.writeString(dir.resolve("Flickr8k.token.txt"),
                "1.jpg#0\tA dog runs .\n1.jpg#1\tA brown dog .\n2.jpg#0\tA girl .\n3.jpg#0\tA boat .\n");
        Files.writeString(dir.resolve("Flickr_8k.trainImages.txt"), "1.jpg\n2.jpg\n");
        Files.writeString(dir.resolve("Flickr_8k.devImages.txt"), "3.jpg\n");
        Files.writeString(dir.resolve("Flickr_8k.testImages.txt"), "4.jpg\n");
        CaptionDataset train = DatasetReaders.read(file, DatasetReaders.AUTO, split("train"));
        assertEquals(List.of("1.jpg", "2.jpg"), names(train));
        assertEquals(List.of("A dog runs .", "A brown dog ."), train.images().get(0).captions());
        assertEquals(List.of("3.jpg"), names(DatasetReaders.read(file, "flickr8k", split("val"))));
        CaptionDataset test = DatasetReaders.read(file, "flickr8k", split("test"));
        assertEquals(0, test.images().size());
        assertEquals(1, test.skipped(), "4.jpg is listed but has no caption");
    }

    @Test
    void csvWithQuotingAndANameSplit() throws IOException {
        images("images", "a.jpg", "b.jpg", "c.jpg");
        Path file = Files.writeString(dir.resolve("captions.csv"),
                "image,caption\na.jpg,\"A dog, running .\"\nb.jpg,A cat .\nc.jpg,\"He said \"\"hi\"\" .\"\na.jpg,A brown dog .\n");
        CaptionDataset all = DatasetReaders.read(file, DatasetReaders.AUTO, split(null));
        assertEquals(List.of("a.jpg", "b.jpg", "c.jpg"), names(all));
        assertEquals(List.of("A dog, running .", "A brown dog ."), all.images().get(0).captions());
        assertEquals(List.of("He said \"hi\" ."), all.images().get(2).captions());
        assertEquals(List.of("a.jpg", "b.jpg"), names(DatasetReaders.read(file, "csv", split("train"))));
        assertEquals(List.of("c.jpg"), names(DatasetReaders.read(file, "csv", split("val"))));
    }

    @Test
    void badSourcesGiveOneClearMessage() throws IOException {
        Path csv = Files.writeString(dir.resolve("bad.csv"), "file,text\na.jpg,x\n");
        Exception e = assertThrows(CaptionDataset.DatasetException.class,
                () -> DatasetReaders.read(csv, DatasetReaders.AUTO, split(null)));
        assertTrue(e.getMessage().contains("bad.csv: row 2 lacks the 'image' or 'caption' column"), e.getMessage());
        Path txt = Files.writeString(dir.resolve("notes.txt"), "hello");
        e = assertThrows(CaptionDataset.DatasetException.class, () -> DatasetReaders.read(txt, DatasetReaders.AUTO, split(null)));
        assertTrue(e.getMessage().startsWith(txt + ": not a dataset this tool reads"), e.getMessage());
        Path json = Files.writeString(dir.resolve("dataset_x.json"), "{\"dataset\": \"x\", \"images\": [");
        e = assertThrows(CaptionDataset.DatasetException.class, () -> DatasetReaders.read(json, "karpathy", split(null)));
        assertTrue(e.getMessage().startsWith(json + ": invalid JSON"), e.getMessage());
    }
}
