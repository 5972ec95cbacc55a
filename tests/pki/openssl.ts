/**
 * Running the real `openssl` on what the PKI layer makes.
 *
 * @module
 */
import { tempDir } from "../helpers.ts";

/** What a command printed and how it ended. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `openssl` with `args`, in `cwd` when given. */
export async function openssl(args: string[], cwd?: string): Promise<Run> {
  return await run("openssl", args, cwd);
}

/** Runs a shell pipeline with `sh -c`, in `cwd`. */
export async function shell(script: string, cwd?: string): Promise<Run> {
  return await run("sh", ["-c", script], cwd);
}

async function run(cmd: string, args: string[], cwd?: string): Promise<Run> {
  const out = await new Deno.Command(cmd, {
    args,
    cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return {
    code: out.code,
    stdout: text.decode(out.stdout),
    stderr: text.decode(out.stderr),
  };
}

/** A new temporary directory holding `files` (name to text). */
export async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await tempDir("pki");
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${dir}/${name}`, text);
  }
  return dir;
}

/** The X509v3 extensions part of `openssl x509 -text` (or `req -text`), trimmed lines. */
export function extensionLines(text: string): string[] {
  const start = text.indexOf("X509v3 extensions:") >= 0
    ? text.indexOf("X509v3 extensions:")
    : text.indexOf("Requested Extensions:");
  const end = text.indexOf("Signature Algorithm:", start);
  return text.slice(start, end).split("\n").map((l) => l.trim()).filter((l) =>
    l !== ""
  );
}
