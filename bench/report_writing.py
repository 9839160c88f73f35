"""bench/report.py's output: the markdown tables and the PNG chart, from its results dict."""

from __future__ import annotations

from pathlib import Path


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.2f} %"


def write_markdown(results: dict, path: Path, command: str) -> None:
    m = results["machine"]
    lines = [
        "# voxrelay benchmark report",
        "",
        f"Command: `.venv/bin/python {command}`. Every figure below comes from this one run.",
        "",
        f"Machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory_gib']} GiB, GPU: {m['gpu']}; Python {m['python']}, "
        f"faster-whisper {m['faster_whisper']}, CTranslate2 {m['ctranslate2']}; load average at start "
        f"{', '.join(f'{x:.2f}' for x in m['load_average_at_start'])}. Model tiny.en, int8, beam 5, 2 threads, "
        "language en unless said otherwise.",
        "",
    ]
    if "e2e" in results:
        e = results["e2e"]
        lines += [
            f"## Service end to end vs the raw engine and the peers ({e['files']} files, {e['audio_seconds']} s)",
            "",
            "Same files, same model folder, paths rotated file by file; one warm-up request each.",
            "",
            "| path | WER | wall s | wall / audio s | vs raw | peak RSS MiB |",
            "|---|---|---|---|---|---|",
        ]
        for name, p in e["paths"].items():
            lines.append(
                f"| {name} | {_pct(p['wer'])} | {p['wall_s']:.2f} | {p['wall_per_audio_s']:.3f} | "
                f"{p['vs_raw']:.3f} | {p.get('peak_rss_mib', '-')} |"
            )
        lines += [
            "",
            "raw and service compute word timings (the service's default); the peers do not "
            "(wyoming-faster-whisper cannot, faster-whisper-server's json answer has none), so "
            "`raw, no word timings` is their floor.",
        ]
        for name, why in e["skipped_peers"].items():
            lines += ["", f"**{name} not measured**: {why}"]
        lines.append("")
    if "long" in results:
        lines += [
            "## Long files (public clips joined, 0.5 s gaps)",
            "",
            "| length | mode | wall s | wall / audio s | vs sequential | WER | default |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in results["long"]:
            lines.append(
                f"| {r['minutes']:g} min | {r['mode']} | {r['wall_s']} | {r['wall_per_audio_s']:.3f} | "
                f"{r.get('vs_sequential', '-')}x | {_pct(r['wer'])} | {'yes' if r['default'] else ''} |"
            )
        lines += [
            "",
            "The batched pipeline (faster-whisper's, VAD-cut chunks B at a time) is the service's "
            "long-audio path. The default is the row marked.",
            "",
        ]
    if "throughput" in results:
        lines += [
            "## Throughput: short public clips cycled, uploaded at once, one WebSocket session",
            "",
            "| concurrency | jobs | jobs/min | vs batching off | same text as batching off | p50 upload->push s | p95 s "
            "| WER | CPU s/job (vs batching off) | load | first three jobs alone, s | raw engine on that clip, s "
            "| peak RSS MiB |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for r in results["throughput"]:
            raw = ", ".join(map(str, r.get("raw_decode_s") or [])) or "-"
            lines.append(
                f"| {r['label']} | {r['jobs']} ({r['failed']} failed) | {r['jobs_per_minute']} | "
                f"{r.get('vs_one_at_a_time', '-')}x | {r.get('same_as_one_at_a_time', '-')} | {r['p50_s']} | "
                f"{r['p95_s']} | {_pct(r['wer'])} | {r.get('cpu_s_per_job', '-')} ({r.get('cpu_vs_one_at_a_time', '-')}x) | "
                f"{'-'.join(map(str, r.get('load_average', [])))} | {', '.join(map(str, r['warm_up_s']))} | {raw} | "
                f"{r['peak_rss_mib']} |"
            )
        lines += [
            "",
            "`auto` on 2 cores is 1 job of 2 threads; `2 workers` is 2 jobs of 1 thread each. The raw engine "
            "decodes the first clip (file decoding included) in the bench process while that service idles.",
            "",
        ]
    if "push" in results:
        lines += [
            "## Push (Redis state, one API process, loopback)",
            "",
            "| replicas | idle sessions | pushes sent | received | pushes/s | p50 ms | p99 ms | max ms | RSS per session KiB |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for r in results["push"]:
            lines.append(
                f"| {r['replicas']} | {r['sessions']} | {r['sent']} | {r['received']} | {r['pushes_per_s']} | "
                f"{r.get('p50_ms', '-')} | {r.get('p99_ms', '-')} | {r.get('max_ms', '-')} | {r['rss_per_session_kib']} |"
            )
        lines.append("")
    if "memory" in results:
        mem = results["memory"]
        lines += [
            "## Memory (Redis state)",
            "",
            "| worker model | RSS warmed up MiB | peak RSS after 4 jobs MiB |",
            "|---|---|---|",
        ]
        for r in mem["workers"]:
            lines.append(f"| {r['model']} | {r['ready_mib']} | {r['peak_mib']} |")
        if mem.get("upload"):
            u = mem["upload"]
            lines += [
                "",
                f"{u['bytes'] / 2**30:.2f} GiB WAV upload to `serve --no-worker`: HTTP {u['status']} in {u['seconds']} s "
                f"({u['audio_seconds']} s of audio measured by the probe); API VmHWM {u['before_mib']} -> "
                f"{u['after_mib']} MiB, **+{u['growth_mib']} MiB** (target < 64).",
            ]
        lines.append("")
    for name, error in results.get("errors", {}).items():
        lines += [f"**{name} failed**: {error}", ""]
    lines += [f"Time per part (s): {results['seconds']}", ""]
    path.write_text("\n".join(lines))


def write_chart(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = [k for k in ("e2e", "long", "throughput", "memory") if k in results]
    if not panels:
        return
    fig, axes = plt.subplots(1, len(panels), figsize=(5.5 * len(panels), 4.5), squeeze=False)
    for ax, panel in zip(axes[0], panels):
        if panel == "e2e":
            paths = results["e2e"]["paths"]
            ax.barh(list(paths), [p["wall_per_audio_s"] for p in paths.values()], color="tab:blue")
            for i, p in enumerate(paths.values()):
                ax.text(p["wall_per_audio_s"], i, f" WER {p['wer'] * 100:.1f}%", va="center", fontsize=8)
            ax.set_xlabel("wall s per audio s (lower is better)")
            ax.set_title("public set, tiny.en")
        elif panel == "long":
            rows = results["long"]
            ax.bar(
                [f"{r['minutes']:g} min\n{r['mode']}" for r in rows],
                [r["wall_per_audio_s"] for r in rows],
                color=["tab:green" if r["default"] else "tab:gray" for r in rows],
            )
            ax.set_ylabel("wall s per audio s (green: default)")
            ax.set_title("long files")
            ax.tick_params(axis="x", labelsize=7)
        elif panel == "throughput":
            rows = results["throughput"]
            ax.bar(
                [r["label"].replace(" + ", "\n+ ") for r in rows],
                [r["jobs_per_minute"] for r in rows],
                color="tab:orange",
            )
            ax.set_ylabel("jobs per minute")
            ax.set_title(f"{rows[0]['jobs']} short clips")
            ax.tick_params(axis="x", labelsize=7)
        else:
            mem = results["memory"]
            labels = [f"worker {r['model']}" for r in mem["workers"]]
            values = [r["peak_mib"] for r in mem["workers"]]
            if mem.get("upload"):
                labels += ["API before upload", "API after 1 GiB"]
                values += [mem["upload"]["before_mib"], mem["upload"]["after_mib"]]
            ax.bar(labels, values, color="tab:purple")
            ax.set_ylabel("peak RSS MiB")
            ax.set_title("memory")
            ax.tick_params(axis="x", labelsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
