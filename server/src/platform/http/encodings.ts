import { z } from "zod";

/** A hex string of `min`..`max` characters (keys, hashes, encrypted shares). */
export const hexString = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9a-fA-F]+$/, "hex")
    .min(min)
    .max(max);

/** A base64 string of at most `max` characters (ciphertexts, IVs, tags). */
export const base64String = (max: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, "base64")
    .max(max);
