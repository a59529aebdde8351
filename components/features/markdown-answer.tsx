"use client";

import { useRef, type ComponentProps } from "react";
import Markdown, { type Components } from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import rehypeSanitize from "rehype-sanitize";
import { CopyButton } from "@/components/ui/copy-button";

/** The few fields of a Markdown syntax-tree node this file reads. */
interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

/**
 * A model's answer is text written by someone else: HTML in it (a `<script>`, an `<img onerror>`) is
 * shown as the characters it is, never parsed. Turning the Markdown tree's html nodes into text
 * before it becomes HTML does that; rehype-sanitize then drops anything else unsafe (a
 * `javascript:` link) as a second guard.
 */
function htmlAsText() {
  const walk = (node: MdNode) => {
    if (node.type === "html") node.type = "text";
    node.children?.forEach(walk);
  };
  return walk;
}

/** A fenced code block: highlighted (class names only, coloured by globals.css) with its own copy button. */
function CodeBlock({ node: _node, children, ...props }: ComponentProps<"pre"> & { node?: unknown }) {
  const pre = useRef<HTMLPreElement>(null);
  return (
    <div className="group relative my-3">
      <pre
        {...props}
        ref={pre}
        // Long lines wrap (indentation kept) rather than widen the page on a phone.
        className="whitespace-pre-wrap break-words rounded-lg bg-zinc-950 p-4 pt-12 font-mono text-xs leading-relaxed text-zinc-100 sm:pt-4 sm:pr-24"
      >
        {children}
      </pre>
      <div className="absolute right-2 top-2">
        <CopyButton
          text={() => pre.current?.textContent ?? ""}
          label="Copy code"
          fallback="Could not copy. Select the code and copy it by hand."
          className="h-8 px-2.5"
        />
      </div>
    </div>
  );
}

const components: Components = { pre: CodeBlock };

/** A model's answer as Markdown: paragraphs, lists, inline code, and code blocks to copy. */
export function MarkdownAnswer({ text, label }: { text: string; label: string }) {
  return (
    <div
      role="region"
      aria-label={label}
      className="max-w-none break-words text-sm leading-relaxed text-zinc-800 dark:text-zinc-200 [&_a]:text-brand-600 [&_a]:underline [&_a]:underline-offset-4 dark:[&_a]:text-brand-100 [&_h1]:mt-4 [&_h1]:text-base [&_h1]:font-semibold [&_h2]:mt-4 [&_h2]:font-semibold [&_h3]:mt-3 [&_h3]:font-semibold [&_li]:mt-1 [&_ol]:list-decimal [&_ol]:pl-5 [&_p]:my-2 [&_ul]:list-disc [&_ul]:pl-5 [&_:not(pre)>code]:rounded [&_:not(pre)>code]:bg-zinc-100 [&_:not(pre)>code]:px-1 [&_:not(pre)>code]:py-0.5 [&_:not(pre)>code]:font-mono [&_:not(pre)>code]:text-xs dark:[&_:not(pre)>code]:bg-zinc-800"
    >
      <Markdown remarkPlugins={[htmlAsText]} rehypePlugins={[rehypeSanitize, rehypeHighlight]} components={components}>
        {text}
      </Markdown>
    </div>
  );
}
