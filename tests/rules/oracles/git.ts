/**
 * Development-only oracles from real git: `git check-ref-format` for ref
 * names, and `git fetch-pack --diag-url` for how git itself splits an ssh or
 * `user@host:path` URL (and which it blocks). Inputs go to one shell loop per
 * batch, so a few hundred cost one process start. Used by tests only.
 *
 * @module
 */

/** Whether `git` can be run here. */
export async function haveGit(): Promise<boolean> {
  try {
    const out = await new Deno.Command("git", { args: ["--version"] })
      .output();
    return out.success;
  } catch {
    return false;
  }
}

const SEP = "\u001e";

async function loop(
  script: string,
  inputs: readonly string[],
  cwd?: string,
): Promise<string[]> {
  for (const v of inputs) {
    if (v.includes("\0") || v.includes(SEP)) {
      throw new Error(
        `git oracle: input holds NUL or \\x1e: ${JSON.stringify(v)}`,
      );
    }
  }
  const child = new Deno.Command("bash", {
    args: ["-c", script],
    cwd,
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
    env: { LC_ALL: "C", GIT_CONFIG_NOSYSTEM: "1", HOME: cwd ?? "/nonexistent" },
  }).spawn();
  // Read while writing: a batch's answers can outgrow the pipe's buffer.
  const output = child.output();
  const writer = child.stdin.getWriter();
  await writer.write(
    new TextEncoder().encode(inputs.map((v) => v + "\0").join("")),
  );
  await writer.close();
  const out = await output;
  if (!out.success) throw new Error("git oracle: the shell loop failed");
  const text = new TextDecoder().decode(out.stdout);
  const records = text.split(SEP);
  records.pop();
  if (records.length !== inputs.length) {
    throw new Error(
      `git oracle: ${records.length} answers for ${inputs.length} inputs`,
    );
  }
  return records;
}

/**
 * `git check-ref-format refs/heads/NAME` for each name: true when git accepts
 * it as a branch ref.
 */
export async function checkRefFormat(
  names: readonly string[],
): Promise<boolean[]> {
  const answers = await loop(
    `while IFS= read -r -d '' x; do
       if git check-ref-format "refs/heads/$x"; then printf 1; else printf 0; fi
       printf '${SEP}'
     done`,
    names,
  );
  return answers.map((a) => a === "1");
}

/** How git splits an ssh URL, or why it refuses it. */
export type Diag =
  | { protocol: string; userandhost: string; port: string; path: string }
  | { refused: string };

/**
 * `git fetch-pack --diag-url URL` for each URL, run in `repo` (a git
 * repository). A URL starting with `-` is refused without asking git (git
 * would read it as an option).
 */
export async function diagUrls(
  urls: readonly string[],
  repo: string,
): Promise<Diag[]> {
  const answers = await loop(
    `while IFS= read -r -d '' x; do
       case "$x" in
         -*) printf 'fatal: looks like an option' ;;
         *) git fetch-pack --diag-url "$x" 2>&1 ;;
       esac
       printf '${SEP}'
     done`,
    urls,
    repo,
  );
  return answers.map((a) => {
    const fields: Record<string, string> = {};
    for (const line of a.split("\n")) {
      const m = /^Diag: ([a-z]+)=(.*)$/.exec(line);
      if (m) fields[m[1]] = m[2];
    }
    if (fields.protocol === undefined) return { refused: a.trim() };
    return {
      protocol: fields.protocol,
      userandhost: fields.userandhost,
      port: fields.port,
      path: fields.path,
    };
  });
}
