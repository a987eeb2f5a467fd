package com.dumontcloud.sdk.serverless.openai;

import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A server-sent-events answer passed through as it arrives: iterate the raw {@code data:} payloads (JSON
 * chunks, as sent), or use {@link #deltaText(String)} to get the text of each chunk. Ends at
 * {@code data: [DONE]} or end of stream. Close it (try-with-resources) to release the replica.
 */
public final class CompletionStream implements Iterable<String>, AutoCloseable {
  /** Called once when the stream ends, fails or is closed: (ok, error or null). */
  public interface Completion {
    void done(boolean ok, Throwable error);
  }

  private final BufferedReader reader;
  private final Completion onDone;
  private String next;
  private boolean finished;
  private boolean reported;

  public CompletionStream(BufferedReader reader, Completion onDone) {
    this.reader = reader;
    this.onDone = onDone;
  }

  @Override
  public Iterator<String> iterator() {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return advance();
      }

      @Override
      public String next() {
        if (!advance()) throw new NoSuchElementException();
        String n = CompletionStream.this.next;
        CompletionStream.this.next = null;
        return n;
      }
    };
  }

  private boolean advance() {
    if (next != null) return true;
    if (finished) return false;
    try {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.startsWith("data:")) continue;
        String data = line.substring(5).trim();
        if (data.equals("[DONE]")) break;
        next = data;
        return true;
      }
      finish(true, null);
      return false;
    } catch (IOException e) {
      finish(false, e);
      throw new UncheckedIOException("stream broken: " + e.getMessage(), e);
    }
  }

  private void finish(boolean ok, Throwable error) {
    finished = true;
    if (!reported) {
      reported = true;
      onDone.done(ok, error);
    }
    try {
      reader.close();
    } catch (IOException ignored) {
      // closing a finished stream
    }
  }

  /** Read the rest and join every chunk's text. */
  public String collectText() {
    StringBuilder sb = new StringBuilder();
    for (String d : this) sb.append(deltaText(d));
    return sb.toString();
  }

  /** Text of one chunk: {@code choices[0].delta.content} (chat) or {@code choices[0].text} (completion). */
  public static String deltaText(String data) {
    Map<String, Object> m = Json.obj(JsonCodec.standard().parse(data), "chunk");
    if (m.get("choices") instanceof List<?> l && !l.isEmpty()) {
      Map<String, Object> c = Json.obj(l.get(0), "choice");
      if (c.get("delta") instanceof Map<?, ?> d) {
        Object content = d.get("content");
        return content == null ? "" : String.valueOf(content);
      }
      String t = Json.str(c, "text");
      return t == null ? "" : t;
    }
    return "";
  }

  @Override
  public void close() {
    if (!finished) finish(true, null); // the caller stopped reading: not a failure
  }
}
