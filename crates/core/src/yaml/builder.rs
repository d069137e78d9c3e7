//! Building the node tree from `saphyr-parser` events.
//!
//! The parser is driven through its event iterator, which keeps its own state on a heap
//! stack, and the tree is built with an explicit stack of open collections: no recursion
//! here, so 100k nested `[` or `- ` cost a clean error, not the thread's stack.
//!
//! Aliases are expanded by cloning the anchored node, which is found through the path
//! of child indices recorded when the anchor completed (no copy is kept per anchor).
//! Every anchor records its node count and height, so an alias is priced *before* it is
//! cloned: the alias budget stops alias bombs after at most `max_alias_nodes` nodes of
//! work, and the node and depth limits hold for the expanded tree.

use saphyr_parser::{Event, Marker, Parser, ScanError};

use crate::span::{Pos, Span};
use crate::yaml::error::{self, YamlError};
use crate::yaml::merge;
use crate::yaml::node::{Anchor, Document, Entry, Mapping, Node, NodeKind, Tag};
use crate::yaml::options::LoadOptions;
use crate::yaml::position::Positions;
use crate::yaml::scalar::{Scalar, ScalarStyle};
use crate::yaml::tags::{check_collection_tag, convert_tag, scalar_core_type};

/// Most lines re-indented in one file (each costs a re-parse) before the first error
/// stands.
const MAX_FLOW_REPAIRS: usize = 64;

/// Parse `text` (already known to be within the size limit) into documents.
///
/// YAML 1.2 wants the lines of a flow collection (`[`…`]`, `{`…`}`) in a block
/// mapping indented deeper than the mapping's keys; `saphyr-parser` enforces it, while
/// libyaml, Go's yaml and the platforms' parsers do not, and real workflows close a
/// flow sequence on the key's column (`key: [` … `]`). On that one error, with a flow
/// collection open, the parser is run again on a copy with the offending line indented
/// by one more space; positions are mapped back to the original text, and the values
/// are the same (leading spaces of flow lines are not content). Any other error, or a
/// file that still fails, reports the first error.
pub(crate) fn build(pos: Positions<'_>, opts: &LoadOptions) -> Result<Vec<Document>, YamlError> {
    let (text, file) = (pos.text(), pos.file());
    let (first_err, mut repair) = match build_from(pos, text, opts) {
        Ok(docs) => return Ok(docs),
        Err(e) => e,
    };
    let mut parsed = String::new();
    let mut shifts: Vec<(usize, usize, usize)> = Vec::new();
    for _ in 0..MAX_FLOW_REPAIRS {
        let Some(m) = repair else {
            break;
        };
        let source = if shifts.is_empty() {
            text
        } else {
            parsed.as_str()
        };
        let line_start = m.index().saturating_sub(m.col());
        let Some(byte) = source.char_indices().nth(line_start).map(|(b, _)| b) else {
            break;
        };
        let mut next = String::with_capacity(source.len().saturating_add(1));
        next.push_str(source.get(..byte).unwrap_or(""));
        next.push(' ');
        next.push_str(source.get(byte..).unwrap_or(""));
        parsed = next;
        match shifts.iter_mut().find(|s| s.1 == m.line()) {
            Some(s) => s.2 = s.2.saturating_add(1),
            None => {
                for s in shifts.iter_mut().filter(|s| s.0 > line_start) {
                    s.0 = s.0.saturating_add(1);
                }
                shifts.push((line_start, m.line(), 1));
                shifts.sort_unstable();
            }
        }
        let pos = Positions::new(text, file).with_shifts(shifts.clone());
        match build_from(pos, &parsed, opts) {
            Ok(docs) => return Ok(docs),
            Err((_, r)) => repair = r,
        }
    }
    Err(first_err)
}

/// One parse of `parsed` (the text of `pos`, or a re-indented copy of it). An error
/// comes with the marker of a flow line that is indented too little, if that is what
/// it is.
fn build_from(
    pos: Positions<'_>,
    parsed: &str,
    opts: &LoadOptions,
) -> Result<Vec<Document>, (YamlError, Option<Marker>)> {
    let opts = LoadOptions {
        max_depth: opts.max_depth.min(LoadOptions::MAX_DEPTH_CEILING),
        ..*opts
    };
    let mut b = Builder {
        pos,
        opts,
        stack: Vec::new(),
        children: Vec::new(),
        root: None,
        docs: Vec::new(),
        anchors: Vec::new(),
        anchor_defs: Vec::new(),
        doc_start: Pos::START,
        node_count: 0,
        alias_nodes: 0,
        has_merge_key: false,
        last_end: Pos::START,
    };
    for item in Parser::new_from_str(parsed) {
        let (event, span) = match item {
            Ok(ok) => ok,
            Err(e) => {
                let repair = b.flow_indent_error(&e, parsed);
                return Err((b.scan_error(&e), repair));
            }
        };
        if !b.event(event, &span).map_err(|e| (e, None))? {
            break;
        }
    }
    Ok(b.docs)
}

/// What an alias needs to know about a completed anchored node.
#[derive(Debug)]
struct AnchorRec {
    /// Child indices from the document root (mapping children: `2*i` key, `2*i+1` value).
    path: Vec<u32>,
    size: usize,
    height: usize,
}

/// An open collection.
#[derive(Debug)]
struct Frame {
    seq: bool,
    /// Where this collection's children start in [`Builder::children`] (a mapping's
    /// children alternate key, value).
    first_child: usize,
    /// The start event's span (from the `&anchor`/`!tag`, if any, to the indicator).
    start: Span,
    flow: bool,
    anchor: usize,
    tag: Option<Box<Tag>>,
    /// Nodes in this subtree, itself included.
    size: usize,
    /// Height of the tallest child collection (0 when all children are scalars).
    child_height: usize,
}

struct Builder<'t> {
    pos: Positions<'t>,
    opts: LoadOptions,
    stack: Vec<Frame>,
    /// The completed children of every open collection, innermost last: one buffer
    /// for all, so each collection gets one exact-size allocation when it closes.
    children: Vec<Node>,
    root: Option<Node>,
    docs: Vec<Document>,
    /// Completed anchors of the current document, by parser anchor id.
    anchors: Vec<Option<AnchorRec>>,
    anchor_defs: Vec<Anchor>,
    doc_start: Pos,
    node_count: usize,
    alias_nodes: usize,
    has_merge_key: bool,
    /// End of the last node started or completed: where an empty value sits, and where
    /// the search for a block scalar's `|`/`>` starts.
    last_end: Pos,
}

impl Builder<'_> {
    fn span_at(&self, start: Pos, end: Pos) -> Span {
        Span::new(self.pos.file(), start, end)
    }

    fn scan_error(&mut self, e: &ScanError) -> YamlError {
        let start = self.pos.pos(e.marker());
        let end = self.one_char_after(start);
        let span = self.span_at(start, end);
        let info = e.info();
        if info == "recursion limit exceeded" {
            return YamlError::new(
                error::TOO_DEEP,
                "flow collections are nested too deeply (the parser stops at 255 levels)",
                span,
            );
        }
        if info.contains("unknown anchor") {
            let name = self.word_at(start.offset as usize);
            return YamlError::new(
                error::UNKNOWN_ANCHOR,
                format!("unknown anchor: `{name}` is not defined before this alias"),
                span,
            );
        }
        YamlError::new(error::SYNTAX, format!("invalid YAML: {info}"), span)
    }

    /// The marker of `e` when it is an under-indented line inside an open flow
    /// collection, with only spaces before it on its line (see [`build`]).
    fn flow_indent_error(&self, e: &ScanError, parsed: &str) -> Option<Marker> {
        let info = e.info();
        if !matches!(
            info,
            "invalid indentation" | "invalid indentation in flow construct"
        ) || !self.stack.last().is_some_and(|f| f.flow)
        {
            return None;
        }
        let m = *e.marker();
        let line_start = m.index().checked_sub(m.col())?;
        let before: String = parsed.chars().skip(line_start).take(m.col()).collect();
        (before.chars().count() == m.col() && before.chars().all(|c| c == ' ')).then_some(m)
    }

    fn one_char_after(&self, p: Pos) -> Pos {
        let text = self.pos.text();
        let off = p.offset as usize;
        match text.get(off..).and_then(|r| r.chars().next()) {
            Some('\n' | '\r') | None => p,
            Some(c) => Pos {
                offset: p
                    .offset
                    .saturating_add(u32::try_from(c.len_utf8()).unwrap_or(1)),
                line: p.line,
                column: p.column.saturating_add(1),
            },
        }
    }

    /// The token at byte `off` (an alias or anchor: `*name`, `&name`).
    fn word_at(&self, off: usize) -> &str {
        let rest = self.pos.text().get(off..).unwrap_or("");
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | '[' | ']' | '{' | '}'))
            .unwrap_or(rest.len());
        rest.get(..end).unwrap_or("")
    }

    /// Handle one event; `false` at the end of the stream.
    fn event(&mut self, ev: Event<'_>, span: &saphyr_parser::Span) -> Result<bool, YamlError> {
        match ev {
            Event::StreamEnd => return Ok(false),
            Event::Nothing | Event::StreamStart => {}
            Event::DocumentStart(_) => {
                self.doc_start = self.pos.pos(&span.start);
                self.last_end = self.doc_start;
                self.anchors.clear();
                self.anchor_defs.clear();
                self.has_merge_key = false;
                self.root = None;
            }
            Event::DocumentEnd => self.end_document(span)?,
            Event::Alias(id) => {
                let sp = self.pos.span(span);
                let (node, size, height) = self.expand_alias(id, sp)?;
                self.last_end = sp.end;
                self.push(node, size, height);
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.count(1, span)?;
                let style = ScalarStyle::from_parser(style);
                let tag = tag.map(|t| Box::new(convert_tag(&t)));
                let sp = self.scalar_span(span, style, &text, anchor > 0 || tag.is_some());
                self.last_end = sp.end;
                let core_type = match &tag {
                    Some(t) => scalar_core_type(t, &text, sp)?,
                    None => None,
                };
                if style == ScalarStyle::Plain && tag.is_none() && text == "<<" {
                    self.has_merge_key = true;
                }
                if tag.as_deref().is_some_and(|t| t.is_core("merge")) {
                    self.has_merge_key = true;
                }
                let node = Node {
                    span: sp,
                    kind: NodeKind::Scalar(Scalar {
                        // Short texts (most keys and values) live inline in the node: no
                        // allocation to make, shrink or free.
                        text: compact_str::CompactString::from(&*text),
                        style,
                        core_type,
                    }),
                    alias_of: None,
                    tag,
                };
                if anchor > 0 {
                    self.record_anchor(anchor, sp, 1, 0);
                }
                self.push(node, 1, 0);
            }
            Event::SequenceStart(anchor, tag) => self.open(span, anchor, tag.as_deref(), true)?,
            Event::MappingStart(anchor, tag) => self.open(span, anchor, tag.as_deref(), false)?,
            Event::SequenceEnd | Event::MappingEnd => self.close(span)?,
        }
        Ok(true)
    }

    fn count(&mut self, n: usize, span: &saphyr_parser::Span) -> Result<(), YamlError> {
        self.node_count = self.node_count.saturating_add(n);
        if self.node_count > self.opts.max_nodes {
            let sp = self.pos.span(span);
            return Err(YamlError::new(
                error::TOO_MANY_NODES,
                format!(
                    "too many nodes: the stream holds more than {} nodes",
                    self.opts.max_nodes
                ),
                sp,
            ));
        }
        Ok(())
    }

    /// The span of a scalar: block scalars start at their `|`/`>` indicator (the parser
    /// starts them at the content) and end after their last non-blank character; an
    /// empty value without properties is an empty span at the indicator that implies it.
    fn scalar_span(
        &mut self,
        span: &saphyr_parser::Span,
        style: ScalarStyle,
        text: &str,
        has_props: bool,
    ) -> Span {
        let mut sp = self.pos.span(span);
        match style {
            ScalarStyle::Literal | ScalarStyle::Folded => {
                let src = self.pos.text();
                let content = sp.start.offset as usize;
                let mut start = sp.start;
                if !has_props
                    && let Some(ind) =
                        find_block_indicator(src, self.last_end.offset as usize, content)
                {
                    start = self.pos.pos_after(self.last_end, ind);
                }
                let bytes = src.as_bytes();
                let mut end = (sp.end.offset as usize).min(src.len());
                while end > content
                    && matches!(
                        bytes.get(end.saturating_sub(1)),
                        Some(b' ' | b'\t' | b'\r' | b'\n')
                    )
                {
                    end = end.saturating_sub(1);
                }
                let floor = (start.offset as usize).saturating_add(1);
                let end = end.max(floor).min(src.len());
                sp.end = self.pos.pos_after(start, end);
                sp.start = start;
            }
            ScalarStyle::Plain if text.is_empty() && !has_props => {
                // The parser places an empty value at the token after it (`:`, `-`,
                // `,`); never before the previous node.
                let at = sp.start.max(self.last_end);
                sp.start = at;
                sp.end = at;
            }
            _ => {}
        }
        sp
    }

    fn open(
        &mut self,
        span: &saphyr_parser::Span,
        anchor: usize,
        tag: Option<&saphyr_parser::Tag>,
        seq: bool,
    ) -> Result<(), YamlError> {
        self.count(1, span)?;
        let start = self.pos.span(span);
        if self.stack.len() >= self.opts.max_depth {
            return Err(YamlError::new(
                error::TOO_DEEP,
                format!(
                    "too deeply nested: more than {} nested collections",
                    self.opts.max_depth
                ),
                start,
            ));
        }
        let tag = tag.map(|t| Box::new(convert_tag(t)));
        if let Some(t) = tag.as_deref() {
            check_collection_tag(t, seq, start)?;
        }
        let text = self.pos.text();
        let flow = start.end.offset > start.start.offset
            && matches!(
                text.as_bytes()
                    .get((start.end.offset as usize).saturating_sub(1)),
                Some(b'[' | b'{')
            );
        let mut start = start;
        if seq && !flow {
            start.start = dash_before(text, start.start);
        }
        self.last_end = start.end;
        self.stack.push(Frame {
            seq,
            first_child: self.children.len(),
            start,
            flow,
            anchor,
            tag,
            size: 1,
            child_height: 0,
        });
        Ok(())
    }

    fn close(&mut self, span: &saphyr_parser::Span) -> Result<(), YamlError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let first = frame.first_child.min(self.children.len());
        let end = if frame.flow {
            self.pos.span(span).end
        } else {
            let last = self.children.get(first..).and_then(<[Node]>::last);
            last.map_or(frame.start.end, |n| n.span.end)
                .max(frame.start.end)
        };
        let sp = self.span_at(frame.start.start, end);
        // Move the children out in one exact-size allocation.
        let mut kids = self.children.drain(first..);
        let kind = if frame.seq {
            NodeKind::Sequence(kids.collect())
        } else {
            let mut entries = Vec::with_capacity(kids.len().div_ceil(2));
            while let Some(key) = kids.next() {
                let value = match kids.next() {
                    Some(v) => v,
                    // A key without value cannot come from the parser; keep it anyway.
                    None => Node::null(Span::new(key.span.file, key.span.end, key.span.end)),
                };
                entries.push(Entry { key, value });
            }
            drop(kids);
            NodeKind::Mapping(Mapping { entries })
        };
        let height = frame.child_height.saturating_add(1);
        if frame.anchor > 0 {
            self.record_anchor(frame.anchor, sp, frame.size, height);
        }
        self.last_end = sp.end;
        let node = Node {
            span: sp,
            kind,
            alias_of: None,
            tag: frame.tag,
        };
        self.push(node, frame.size, height);
        Ok(())
    }

    /// Add a completed node to the open collection (or make it the document root).
    /// `size` and `height` describe its subtree.
    fn push(&mut self, node: Node, size: usize, height: usize) {
        let Some(top) = self.stack.last_mut() else {
            self.root = Some(node);
            return;
        };
        top.size = top.size.saturating_add(size);
        top.child_height = top.child_height.max(height);
        self.children.push(node);
    }

    fn record_anchor(&mut self, id: usize, span: Span, size: usize, height: usize) {
        let path = self
            .stack
            .iter()
            .enumerate()
            .map(|(i, _)| u32::try_from(self.next_index(i)).unwrap_or(u32::MAX))
            .collect();
        if self.anchors.len() <= id {
            self.anchors.resize_with(id.saturating_add(1), || None);
        }
        if let Some(slot) = self.anchors.get_mut(id) {
            *slot = Some(AnchorRec { path, size, height });
        }
        let name = self.word_after_props(span.start.offset as usize, span.end.offset as usize);
        self.anchor_defs.push(Anchor {
            name: name.to_owned(),
            span,
        });
    }

    /// The anchor name in the properties starting at byte `off` (`&a`, `!t &a`).
    fn word_after_props(&self, off: usize, end: usize) -> &str {
        let text = self.pos.text();
        let rest = text.get(off..end.max(off)).unwrap_or("");
        let amp = match rest.find('&') {
            Some(i) => i,
            None => return "",
        };
        let w = self.word_at(off.saturating_add(amp));
        w.strip_prefix('&').unwrap_or(w)
    }

    fn expand_alias(&mut self, id: usize, at: Span) -> Result<(Node, usize, usize), YamlError> {
        let name = self.word_at(at.start.offset as usize).to_owned();
        let Some(rec) = self.anchors.get(id).and_then(Option::as_ref) else {
            // The parser knows the anchor but it has not completed: the alias is inside
            // the node it refers to.
            let def = self
                .stack
                .iter()
                .find(|f| f.anchor == id)
                .map_or(at, |f| f.start);
            return Err(YamlError::new(
                error::RECURSIVE_ALIAS,
                format!("recursive alias: `{name}` is used inside the node it refers to"),
                at,
            )
            .with_related(def, "the anchor is defined here"));
        };
        let (size, height) = (rec.size, rec.height);
        if self.stack.len().saturating_add(height) > self.opts.max_depth {
            return Err(YamlError::new(
                error::TOO_DEEP,
                format!(
                    "too deeply nested: expanding `{name}` here nests more than {} collections",
                    self.opts.max_depth
                ),
                at,
            ));
        }
        let new_alias_nodes = self.alias_nodes.saturating_add(size);
        if new_alias_nodes > self.opts.max_alias_nodes {
            return Err(YamlError::new(
                error::TOO_MANY_ALIAS_NODES,
                format!(
                    "alias budget exceeded: expanding aliases creates more than {} nodes (last: `{name}`)",
                    self.opts.max_alias_nodes
                ),
                at,
            ));
        }
        let new_count = self.node_count.saturating_add(size);
        if new_count > self.opts.max_nodes {
            return Err(YamlError::new(
                error::TOO_MANY_NODES,
                format!(
                    "too many nodes: expanding `{name}` makes the stream hold more than {} nodes",
                    self.opts.max_nodes
                ),
                at,
            ));
        }
        let Some(target) = self.find(&rec.path) else {
            return Err(YamlError::new(
                error::UNKNOWN_ANCHOR,
                format!("unknown anchor: `{name}` could not be resolved"),
                at,
            ));
        };
        let mut node = target.clone();
        node.alias_of = Some(node.span);
        node.span = at;
        self.alias_nodes = new_alias_nodes;
        self.node_count = new_count;
        Ok((node, size, height))
    }

    /// The index the next child of open collection `depth` will get (see
    /// [`AnchorRec::path`]): the children of open collections lie in `children` one
    /// after another.
    fn next_index(&self, depth: usize) -> usize {
        let start = self.stack.get(depth).map_or(0, |f| f.first_child);
        let end = self
            .stack
            .get(depth.saturating_add(1))
            .map_or(self.children.len(), |f| f.first_child);
        end.saturating_sub(start)
    }

    /// The completed node at `path` in the document being built.
    fn find(&self, path: &[u32]) -> Option<&Node> {
        let mut rest = path;
        let mut node: Option<&Node> = None;
        if rest.is_empty() {
            return self.root.as_ref();
        }
        // Descend through open collections while the path follows the child being built.
        let mut depth = 0usize;
        while let Some((&i, tail)) = rest.split_first() {
            let Some(frame) = self.stack.get(depth) else {
                break;
            };
            let i = i as usize;
            rest = tail;
            if i == self.next_index(depth) {
                depth = depth.saturating_add(1);
                continue;
            }
            node = self.children.get(frame.first_child.saturating_add(i));
            break;
        }
        let mut node = node?;
        for &i in rest {
            let i = i as usize;
            node = match &node.kind {
                NodeKind::Sequence(v) => v.get(i)?,
                NodeKind::Mapping(m) => {
                    let e = m.entries.get(i / 2)?;
                    if i.is_multiple_of(2) {
                        &e.key
                    } else {
                        &e.value
                    }
                }
                NodeKind::Scalar(_) => return None,
            };
        }
        Some(node)
    }

    fn end_document(&mut self, span: &saphyr_parser::Span) -> Result<(), YamlError> {
        let end_ev = self.pos.span(span);
        let mut root = match self.root.take() {
            Some(r) => r,
            None => Node::null(self.span_at(self.doc_start, self.doc_start)),
        };
        if self.opts.merge_keys && self.has_merge_key {
            merge::apply(&mut root)?;
        }
        let explicit_end = self
            .pos
            .text()
            .get(end_ev.byte_range())
            .is_some_and(|t| t == "...");
        let end = if explicit_end {
            end_ev.end
        } else {
            root.span.end.max(self.doc_start)
        };
        let span = self.span_at(self.doc_start, end);
        self.docs.push(Document {
            root,
            span,
            anchors: std::mem::take(&mut self.anchor_defs),
        });
        self.anchors.clear();
        Ok(())
    }
}

/// A block sequence starts at its first `-`; the parser may start it after the `- `.
fn dash_before(text: &str, at: Pos) -> Pos {
    let bytes = text.as_bytes();
    let mut off = at.offset as usize;
    if bytes.get(off) == Some(&b'-') {
        return at;
    }
    while off > 0 && matches!(bytes.get(off.saturating_sub(1)), Some(b' ' | b'\t')) {
        off = off.saturating_sub(1);
    }
    if off == 0 || bytes.get(off.saturating_sub(1)) != Some(&b'-') {
        return at;
    }
    let dash = off.saturating_sub(1);
    // Only ASCII lies between the dash and `at`: columns move with bytes.
    let back = u32::try_from((at.offset as usize).saturating_sub(dash)).unwrap_or(0);
    Pos {
        offset: u32::try_from(dash).unwrap_or(at.offset),
        line: at.line,
        column: at.column.saturating_sub(back).max(1),
    }
}

/// The first `|` or `>` outside a comment in `text[from..to]`.
fn find_block_indicator(text: &str, from: usize, to: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut in_comment = false;
    let mut prev_blank = true;
    let mut i = from;
    while i < to {
        let b = *bytes.get(i)?;
        match b {
            b'\n' => {
                in_comment = false;
                prev_blank = true;
            }
            _ if in_comment => {}
            b'#' if prev_blank => in_comment = true,
            b'|' | b'>' => return Some(i),
            b' ' | b'\t' | b'\r' => prev_blank = true,
            _ => prev_blank = false,
        }
        i = i.saturating_add(1);
    }
    None
}
