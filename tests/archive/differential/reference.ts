/**
 * What the reference extractors make of archives: GNU tar (`tar -xzf`) and
 * Python's `tarfile` (filter `data`), run in batches (one shell loop, one
 * Python process) so that thousands of archives take seconds.
 *
 * @module
 */

/** What one extractor did with one archive. */
export interface Extraction {
  /** Whether it finished without an error (exit status 0, no exception). */
  ok: boolean;
  /** Its error, when not ok. */
  error: string;
  /** Path of every regular file extracted to the SHA-256 of its contents. */
  files: Record<string, string>;
  /** Every entry extracted that is neither a regular file nor a directory. */
  other: string[];
}

/** Both references' view of one archive. */
export interface References {
  tar: Extraction;
  python: Extraction;
}

const SCRIPT = new URL("./reference.py", import.meta.url).pathname;

async function run(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<string> {
  const out = await new Deno.Command(cmd, {
    args,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(
      `${cmd} failed: ${new TextDecoder().decode(out.stderr).slice(0, 2000)}`,
    );
  }
  return new TextDecoder().decode(out.stdout);
}

function jsonLines<T>(text: string): T[] {
  return text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
}

let python: Promise<string | undefined> | undefined;

/**
 * A Python 3 whose `tarfile` has extraction filters (3.11.4 and later):
 * `KAT_PYTHON` if set, else the first `python3` (or `python3.1x`) on the
 * `PATH` that has them. (npx puts the system's own, older `python3` first.)
 */
export function findPython(): Promise<string | undefined> {
  python ??= (async () => {
    const dirs = (Deno.env.get("PATH") ?? "").split(":").filter((d) => d);
    const candidates = [
      Deno.env.get("KAT_PYTHON"),
      ...dirs.flatMap((d) =>
        ["python3", "python3.14", "python3.13", "python3.12", "python3.11"]
          .map((n) => `${d}/${n}`)
      ),
    ];
    for (const candidate of candidates) {
      if (!candidate) continue;
      try {
        await run(candidate, ["-c", "import tarfile; tarfile.data_filter"]);
        return candidate;
      } catch {
        // not there, or too old
      }
    }
    return undefined;
  })();
  return python;
}

/** Whether GNU tar and Python 3 with extraction filters are here. */
export async function haveReferences(): Promise<boolean> {
  try {
    if (!(await run("tar", ["--version"])).startsWith("tar (GNU tar)")) {
      return false;
    }
    return await findPython() !== undefined;
  } catch {
    return false;
  }
}

/**
 * Extracts every archive with GNU tar and with Python, each into a directory
 * of its own, and describes what came out.
 */
export async function extractWithReferences(
  archives: readonly Uint8Array[],
): Promise<References[]> {
  const dir = await Deno.makeTempDir({ prefix: "kd" });
  try {
    await Deno.mkdir(`${dir}/a`);
    for (const [i, a] of archives.entries()) {
      await Deno.writeFile(`${dir}/a/${i}.tgz`, a);
    }
    const ids = archives.map((_, i) => String(i));
    // GNU tar: one extraction per archive, two at a time, in the C.UTF-8
    // locale so that pax names (UTF-8) are taken as they are.
    const loop = [
      'for i in "$@"; do',
      `  mkdir -p "${dir}/t/$i" && cd "${dir}/t/$i" || exit 1`,
      `  timeout 10 tar -xzf "${dir}/a/$i.tgz" >/dev/null 2>&1`,
      '  echo "$i $?"',
      "done",
    ].join("\n");
    await Deno.writeTextFile(`${dir}/ids`, ids.join("\n") + "\n");
    const tarRun = run("sh", [
      "-c",
      `xargs -P 2 -n 64 sh -c '${
        loop.replaceAll("'", "'\\''")
      }' _ < "${dir}/ids"`,
    ], { LC_ALL: "C.UTF-8", PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin" });
    await Deno.writeTextFile(
      `${dir}/jobs.json`,
      JSON.stringify(ids.map((i) => [`${dir}/a/${i}.tgz`, `${dir}/p/${i}`])),
    );
    const py3 = await findPython();
    if (py3 === undefined) {
      throw new Error("no Python 3 with tarfile extraction filters");
    }
    const pyRun = run(py3, [SCRIPT, "extract", `${dir}/jobs.json`]);
    const [tarOut, pyOut] = await Promise.all([tarRun, pyRun]);
    const status = new Map<string, number>();
    for (const line of tarOut.split("\n")) {
      const [i, rc] = line.split(" ");
      if (i) status.set(i, Number(rc));
    }
    const py = jsonLines<{ ok: boolean; error: string }>(pyOut);
    await Deno.writeTextFile(
      `${dir}/walk.json`,
      JSON.stringify(ids.flatMap((i) => [`${dir}/t/${i}`, `${dir}/p/${i}`])),
    );
    const walked = jsonLines<
      { files: Record<string, string>; other: string[] }
    >(
      await run(py3, [SCRIPT, "walk", `${dir}/walk.json`]),
    );
    return ids.map((i, n) => {
      const rc = status.get(i) ?? -1;
      return {
        tar: {
          ok: rc === 0,
          error: rc === 0 ? "" : `exit status ${rc}`,
          ...walked[2 * n],
        },
        python: { ...py[n], ...walked[2 * n + 1] },
      };
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
