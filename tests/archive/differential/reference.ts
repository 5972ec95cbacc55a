/**
 * What the reference extractors make of archives: GNU tar (`tar -xzf`) and
 * Python's `tarfile` (filter `data`), run in batches (one shell loop, one
 * Python process) so that thousands of archives take seconds.
 *
 * @module
 */
import { inWorkDir, startProcess } from "./work_dir.ts";

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

/** Where the references are looked for: a `PATH` and `KAT_PYTHON`. */
export interface Lookup {
  /** Directories separated by `:`. */
  path: string;
  /** A Python to try first; unset or "" for none. */
  katPython?: string;
}

const PYTHON_NAMES = [
  "python3",
  "python3.14",
  "python3.13",
  "python3.12",
  "python3.11",
];

/**
 * A Python 3 whose `tarfile` has extraction filters (3.11.4 and later) in
 * `where`: `katPython` if it has them, else the first `python3` (or
 * `python3.1x`) on the path that has them. (npx puts the system's own, older
 * `python3` first.)
 */
export async function lookForPython(
  where: Lookup,
): Promise<string | undefined> {
  const dirs = where.path.split(":").filter((d) => d);
  const candidates = [
    where.katPython,
    ...dirs.flatMap((d) => PYTHON_NAMES.map((n) => `${d}/${n}`)),
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
}

/** This process's `PATH` and `KAT_PYTHON`. */
function ownLookup(): Lookup {
  return {
    path: Deno.env.get("PATH") ?? "",
    katPython: Deno.env.get("KAT_PYTHON"),
  };
}

let python: Promise<string | undefined> | undefined;

/** {@link lookForPython} in this process's environment, looked up once. */
export function findPython(): Promise<string | undefined> {
  python ??= lookForPython(ownLookup());
  return python;
}

/** A reference extractor the tests need is not here. */
export class MissingReference extends Error {
  /** Always `MissingReference`. */
  override name = "MissingReference";
}

/** The one line that says which Python the archive tests need. */
export function pythonMissing(where: Lookup): string {
  return `the archive differential tests need Python 3.11.4+ with tarfile extraction filters (a python3 on the PATH, or set KAT_PYTHON): none found${
    where.katPython ? ` (KAT_PYTHON=${where.katPython} has none)` : ""
  }`;
}

/**
 * The Python of {@link lookForPython}.
 *
 * @throws {MissingReference} with {@link pythonMissing}'s line when there is
 * none.
 */
export async function requirePython(where?: Lookup): Promise<string> {
  const found = await (where ? lookForPython(where) : findPython());
  if (found === undefined) {
    throw new MissingReference(pythonMissing(where ?? ownLookup()));
  }
  return found;
}

let gnuTar: Promise<string> | undefined;

/**
 * Checks that `tar` is GNU tar.
 *
 * @throws {MissingReference} in one line when it is not, or is missing.
 */
export function requireGnuTar(): Promise<void> {
  gnuTar ??= run("tar", ["--version"]).catch(() => "");
  return gnuTar.then((version) => {
    if (!version.startsWith("tar (GNU tar)")) {
      throw new MissingReference(
        `the archive differential tests need GNU tar as tar on the PATH: ${
          version === "" ? "none found" : `found ${version.split("\n")[0]}`
        }`,
      );
    }
  });
}

/**
 * Checks that both references are here: GNU tar and a Python with extraction
 * filters (which it returns).
 *
 * @throws {MissingReference} naming the one missing, in one line.
 */
export async function requireReferences(): Promise<string> {
  await requireGnuTar();
  return await requirePython();
}

/**
 * Extracts every archive with GNU tar and with Python, each into a directory
 * of its own, and describes what came out. Both references are checked
 * before anything starts; whatever fails, both extractors have ended before
 * the work directory is removed, so the failure is reported as itself.
 *
 * @throws {MissingReference} when a reference is not here.
 */
export async function extractWithReferences(
  archives: readonly Uint8Array[],
): Promise<References[]> {
  const py3 = await requireReferences();
  return await inWorkDir("kd", async (dir, track) => {
    await Deno.mkdir(`${dir}/a`);
    for (const [i, a] of archives.entries()) {
      await Deno.writeFile(`${dir}/a/${i}.tgz`, a);
    }
    const ids = archives.map((_, i) => String(i));
    // GNU tar: one extraction per archive, two at a time, in the C.UTF-8
    // locale so that pax names (UTF-8) are taken as they are; a stop file
    // ends the loop early.
    const loop = [
      'for i in "$@"; do',
      `  [ -e "${dir}/stop" ] && exit 0`,
      `  mkdir -p "${dir}/t/$i" && cd "${dir}/t/$i" || exit 1`,
      `  timeout 10 tar -xzf "${dir}/a/$i.tgz" >/dev/null 2>&1`,
      '  echo "$i $?"',
      "done",
    ].join("\n");
    await Deno.writeTextFile(`${dir}/ids`, ids.join("\n") + "\n");
    await Deno.writeTextFile(
      `${dir}/jobs.json`,
      JSON.stringify(ids.map((i) => [`${dir}/a/${i}.tgz`, `${dir}/p/${i}`])),
    );
    const tarRun = startProcess(
      "sh",
      [
        "-c",
        `xargs -P 2 -n 64 sh -c '${
          loop.replaceAll("'", "'\\''")
        }' _ < "${dir}/ids"`,
      ],
      { stopFile: `${dir}/stop` },
      {
        LC_ALL: "C.UTF-8",
        PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      },
    );
    track(tarRun);
    const pyRun = startProcess(py3, [SCRIPT, "extract", `${dir}/jobs.json`], {
      kill: true,
    });
    track(pyRun);
    const [tarOut, pyOut] = await Promise.all([tarRun.output, pyRun.output]);
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
  });
}
