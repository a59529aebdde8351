/** A report's screenshots, each opening full size in a new tab (served only to its owner and admins). */
export function ScreenshotGallery({ screenshots }: { screenshots: { id: string; contentType: string; byteSize: number }[] }) {
  if (screenshots.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No screenshots.</p>;
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
      {screenshots.map((shot, i) => (
        <li key={shot.id}>
          <a
            href={`/api/reports/screenshots/${shot.id}`}
            target="_blank"
            rel="noreferrer"
            className="block overflow-hidden rounded-lg border border-zinc-200 bg-zinc-50 hover:border-brand-600 dark:border-zinc-800 dark:bg-zinc-900"
          >
            {/* eslint-disable-next-line @next/next/no-img-element -- served by our own route with its access check */}
            <img src={`/api/reports/screenshots/${shot.id}`} alt={`Screenshot ${i + 1}`} loading="lazy" className="aspect-video w-full object-cover" />
            <span className="block px-2 py-1 text-xs text-zinc-600 dark:text-zinc-400">
              Screenshot {i + 1} · {shot.contentType === "image/png" ? "PNG" : "JPEG"} · {Math.max(1, Math.round(shot.byteSize / 1024))} KB
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}
