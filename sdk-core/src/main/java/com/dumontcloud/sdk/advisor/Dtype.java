package com.dumontcloud.sdk.advisor;

import java.util.Locale;

/** The number format of a model's weights (or of its KV cache), and its size in bytes per value. */
public enum Dtype {
  FP32(4),
  FP16(2),
  BF16(2),
  FP8(1),
  INT8(1),
  /** 4-bit weights (AWQ, GPTQ, bitsandbytes nf4): half a byte per parameter, scales and zero points not counted. */
  INT4(0.5);

  private final double bytes;

  Dtype(double bytes) {
    this.bytes = bytes;
  }

  /** Bytes per value: fp16/bf16 2, fp8/int8 1, int4 0.5. */
  public double bytes() {
    return bytes;
  }

  /** The lower-case name used on the command line and in JSON ({@code bf16}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code bf16}, {@code fp16}, {@code float16}, {@code half}, {@code fp8}, {@code int8}, {@code int4}, {@code awq},
   * {@code gptq} ... (case ignored).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Dtype parse(String s) {
    String v = s == null ? "" : s.strip().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    return switch (v) {
      case "fp32", "float32", "float", "f32" -> FP32;
      case "fp16", "float16", "half", "f16" -> FP16;
      case "bf16", "bfloat16" -> BF16;
      case "fp8", "float8", "f8", "fp8e4m3", "fp8e5m2" -> FP8;
      case "int8", "i8", "w8a8", "q8" -> INT8;
      case "int4", "i4", "awq", "gptq", "w4a16", "q4", "nf4" -> INT4;
      default -> throw new IllegalArgumentException("dtype must be one of fp32, fp16, bf16, fp8, int8, int4, got '" + s + "'");
    };
  }
}
