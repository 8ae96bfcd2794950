package dev.awskit.storage.internal;

/** What a copy is: the words the CLI prints. */
public enum Direction {
    UPLOAD("upload"),
    DOWNLOAD("download"),
    COPY("copy");

    private final String word;

    Direction(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
