package com.dumontcloud.sdk.objectstore.internal;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The POSIX {@code sh} scripts run on the instance. Everything user-supplied is single-quoted with
 * {@link #quote(String)}; presigned URLs never appear in a script: they are fed to {@code curl -K -} on
 * standard input ({@link #curlConfig(String, Map)}), so they are in no process listing, shell history or log.
 */
public final class HostScripts {
  /** Temp dirs the scripts create; host output naming a dir is accepted only when it matches. */
  public static final Pattern TEMP_DIR = Pattern.compile("\\.dumont/tmp/(ckpt|restore)\\.[A-Za-z0-9._-]+");
  public static final Pattern PART_FILE = Pattern.compile("p\\.[a-z]{1,8}");

  /** Exit codes of the scripts, mapped to messages by the caller. */
  public static final int EXIT_MISSING_PATH = 3;
  public static final int EXIT_TEMP_DIR = 4;
  public static final int EXIT_ARCHIVE = 5;
  public static final int EXIT_NO_TOOL = 6;
  public static final int EXIT_SPLIT = 7;
  public static final int EXIT_SHA_MISMATCH = 7;
  public static final int EXIT_NEEDS_ZSTD = 8;
  public static final int EXIT_EXTRACT = 9;
  public static final int EXIT_CURL = 10;
  public static final int EXIT_HTTP = 11;

  private HostScripts() {}

  /** Single-quote for {@code sh}: {@code it's} → {@code 'it'\''s'}. */
  public static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** A path operand that {@code tar} cannot take for an option. */
  static String operand(String path) {
    return path.startsWith("-") ? "./" + path : path;
  }

  private static final String TOOLS = """
      sha_of() {
        if command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 <"$1" | sed 's/^.*= *//'
        elif command -v sha256sum >/dev/null 2>&1; then sha256sum <"$1" | cut -d' ' -f1
        elif command -v shasum >/dev/null 2>&1; then shasum -a 256 <"$1" | cut -d' ' -f1
        else return 1; fi
      }
      md5_of() {
        if command -v md5sum >/dev/null 2>&1; then md5sum <"$1" | cut -d' ' -f1
        elif command -v openssl >/dev/null 2>&1; then openssl dgst -md5 <"$1" | sed 's/^.*= *//'
        elif command -v md5 >/dev/null 2>&1; then md5 -q "$1"
        else return 1; fi
      }
      size_of() { wc -c <"$1" | tr -d ' \\t'; }
      """;

  /**
   * Archive {@code paths} (relative to the login directory) into a fresh temp dir, compressed with zstd when
   * present, else gzip; print {@code dir=, ext=, size=, sha256=, md5=} and, above {@code threshold} bytes,
   * split into parts and print {@code part=<n> <bytes> <md5> <file>} per part. The dir is removed on failure.
   */
  public static String archive(List<String> paths, long threshold, long partSize, boolean allowZstd) {
    StringBuilder ops = new StringBuilder();
    for (String p : paths) ops.append(' ').append(quote(operand(p)));
    return "set -u\numask 077\n" + TOOLS
        + "for p in" + ops + "; do\n"
        + "  if [ ! -e \"$p\" ] && [ ! -L \"$p\" ]; then printf 'missing-path %s\\n' \"$p\" >&2; exit 3; fi\n"
        + "done\n"
        + "mkdir -p .dumont/tmp || exit 4\n"
        + "d=$(mktemp -d .dumont/tmp/ckpt.XXXXXXXX) || exit 4\n"
        + "ok=0\n"
        + "trap '[ \"$ok\" = 1 ] || rm -rf \"$d\"' EXIT\n"
        + (allowZstd
            ? "if command -v zstd >/dev/null 2>&1; then comp=zstd; ext=tar.zst; else comp=gzip; ext=tar.gz; fi\n"
            : "comp=gzip; ext=tar.gz\n")
        + "{ tar --exclude=.dumont -cf -" + ops + " 2>\"$d/tar.err\" || echo $? >\"$d/tar.rc\"; } | "
        + "if [ \"$comp\" = zstd ]; then zstd -q -c; else gzip -1 -c; fi >\"$d/a\" "
        + "|| { echo \"compression with $comp failed\" >&2; exit 5; }\n"
        + "if [ -f \"$d/tar.rc\" ]; then\n"
        + "  rc=$(cat \"$d/tar.rc\")\n"
        + "  if [ \"$rc\" != 1 ] || ! grep -q 'changed as we read' \"$d/tar.err\"; then\n"
        + "    echo \"tar failed (exit $rc): $(tail -c 300 \"$d/tar.err\" | tr '\\n' ' ')\" >&2; exit 5\n"
        + "  fi\n"
        + "fi\n"
        + "size=$(size_of \"$d/a\")\n"
        + "s=$(sha_of \"$d/a\") && [ -n \"$s\" ] || { echo 'no sha256 tool (sha256sum, openssl or shasum)' >&2; exit 6; }\n"
        + "m=$(md5_of \"$d/a\") && [ -n \"$m\" ] || { echo 'no md5 tool (md5sum, openssl or md5)' >&2; exit 6; }\n"
        + "echo \"dir=$d\"; echo \"ext=$ext\"; echo \"size=$size\"; echo \"sha256=$s\"; echo \"md5=$m\"\n"
        + "if [ \"$size\" -gt " + threshold + " ]; then\n"
        + "  ps=" + partSize + "\n"
        + "  while [ $(( (size + ps - 1) / ps )) -gt 10000 ]; do ps=$((ps * 2)); done\n"
        + "  (cd \"$d\" && split -b \"$ps\" -a 4 a p.) || { echo 'split failed' >&2; exit 7; }\n"
        + "  rm -f \"$d/a\"\n"
        + "  n=0\n"
        + "  for f in \"$d\"/p.*; do\n"
        + "    n=$((n + 1))\n"
        + "    pm=$(md5_of \"$f\") || exit 6\n"
        + "    echo \"part=$n $(size_of \"$f\") $pm ${f##*/}\"\n"
        + "  done\n"
        + "fi\n"
        + "ok=1\n";
  }

  /**
   * Upload {@code dir/file} with curl; the URL and signed headers come on stdin. Prints {@code status=} and
   * {@code etag=}; a non-2xx answer exits {@value #EXIT_HTTP} with the store's error body on stderr.
   */
  public static String upload(String dir, String file) {
    String f = quote(dir + "/" + file);
    String h = quote(dir + "/" + file + ".hdr");
    String r = quote(dir + "/" + file + ".resp");
    return "set -u\n"
        + "code=$(curl -K - -sS --retry 3 --connect-timeout 30 -H 'Expect:' -T " + f + " -D " + h + " -o " + r
        + " -w '%{http_code}') || { rc=$?; echo \"curl failed (exit $rc)\" >&2; exit 10; }\n"
        + "etag=$(sed -n 's/^[Ee][Tt][Aa][Gg]:[[:space:]]*//p' " + h + " | tr -d '\\r\"' | tail -n 1)\n"
        + "echo \"status=$code\"; echo \"etag=$etag\"\n"
        + "case \"$code\" in 2??) ;; *) head -c 2000 " + r + " | tr '\\n' ' ' >&2; exit 11;; esac\n"
        + "rm -f " + h + " " + r + "\n";
  }

  /** Remove a temp dir the archive script created (validated against {@link #TEMP_DIR}). */
  public static String cleanup(String dir) {
    if (!TEMP_DIR.matcher(dir).matches()) throw new IllegalArgumentException("not a checkpoint temp dir");
    return "rm -rf " + quote(dir);
  }

  /**
   * Download (URL on stdin), check the SHA-256 before anything is extracted, extract into the login
   * directory, write {@code .dumont/restored} = {@code <version> <sha256>}.
   */
  public static String restore(String compression, String sha256, long version) {
    boolean zstd = compression.equals("zstd");
    return "set -u\numask 077\n" + TOOLS
        + (zstd ? "command -v zstd >/dev/null 2>&1 || { echo 'needs-zstd' >&2; exit 8; }\n" : "")
        + "mkdir -p .dumont/tmp || exit 4\n"
        + "d=$(mktemp -d .dumont/tmp/restore.XXXXXXXX) || exit 4\n"
        + "trap 'rm -rf \"$d\"' EXIT\n"
        + "code=$(curl -K - -sS --retry 3 --connect-timeout 30 -o \"$d/a\" -w '%{http_code}') "
        + "|| { rc=$?; echo \"curl failed (exit $rc)\" >&2; exit 10; }\n"
        + "case \"$code\" in 2??) ;; *) echo \"status=$code\"; head -c 2000 \"$d/a\" | tr '\\n' ' ' >&2; exit 11;; esac\n"
        + "s=$(sha_of \"$d/a\") && [ -n \"$s\" ] || { echo 'no sha256 tool (sha256sum, openssl or shasum)' >&2; exit 6; }\n"
        + "if [ \"$s\" != " + quote(sha256) + " ]; then echo \"sha256-mismatch $s\" >&2; exit 7; fi\n"
        + "{ " + (zstd ? "zstd -d -q -c" : "gzip -d -c") + " \"$d/a\" || echo x >\"$d/dc.rc\"; } "
        + "| tar -xf - 2>\"$d/tar.err\" || { echo \"tar failed: $(tail -c 300 \"$d/tar.err\" | tr '\\n' ' ')\" >&2; exit 9; }\n"
        + "if [ -f \"$d/dc.rc\" ]; then echo 'decompression failed' >&2; exit 9; fi\n"
        + "mkdir -p .dumont && printf '%s %s\\n' " + version + " " + quote(sha256)
        + " >.dumont/restored.tmp && mv -f .dumont/restored.tmp .dumont/restored || exit 4\n"
        + "echo \"restored=" + version + "\"\n";
  }

  /** Print the restore marker, or nothing. */
  public static String readMarker() {
    return "cat .dumont/restored 2>/dev/null || true";
  }

  /**
   * A curl config for {@code curl -K -}: the URL and the headers that were signed into it. Values are
   * double-quoted with curl's escaping.
   */
  public static String curlConfig(String url, Map<String, String> headers) {
    StringBuilder b = new StringBuilder();
    b.append("url = ").append(configValue(url)).append('\n');
    headers.forEach((k, v) -> b.append("header = ").append(configValue(k + ": " + v)).append('\n'));
    return b.toString();
  }

  private static String configValue(String v) {
    if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) throw new IllegalArgumentException("newline in curl config");
    return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
