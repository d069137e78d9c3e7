//! Building the node tree from `saphyr-parser` events.
//!
//! The parser is driven through its event iterator, which keeps its own state on a heap
//! stack, and the tree is built with an explicit stack of open collections: no recursion
//! here, so 100k nested `[` or `- ` cost a clean error, not the thread's stack.
//!
//! Aliases are expanded by cloning the anchored node, which is found through the path
//! of child indices recorded when the anchor completed (no copy is kept per anchor).
//! Every anchor records its node count and height, so an alias is priced *before* it is
//! cloned: node, alias and depth budgets stop alias bombs after at most `max_nodes`
//! nodes of work.

use saphyr_parser::{Event, Parser, ScanError};

use crate::span::{Pos, Span};
use crate::yaml::error::{self, YamlError};
use crate::yaml::merge;
use crate::yaml::node::{Anchor, CORE_TAG_HANDLE, Document, Entry, Mapping, Node, NodeKind, Tag};
use crate::yaml::options::LoadOptions;
use crate::yaml::position::Positions;
use crate::yaml::scalar::{CoreType, Scalar, ScalarStyle, resolve_as};

/// Parse `text` (already known to be within the size limit) into documents.
pub(crate) fn build(pos: Positions<'_>, opts: &LoadOptions) -> Result<Vec<Document>, YamlError> {
    let text = pos.text();
    let mut b = Builder {
        pos,
        opts,
        stack: Vec::new(),
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
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| b.scan_error(&e))?;
        if !b.event(event, &span)? {
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

#[derive(Debug)]
enum Items {
    Seq(Vec<Node>),
    Map {
        entries: Vec<Entry>,
        key: Option<Node>,
    },
}

impl Items {
    /// The index the next child will get (see [`AnchorRec::path`]).
    fn next_index(&self) -> usize {
        match self {
            Items::Seq(v) => v.len(),
            Items::Map { entries, key } => entries
                .len()
                .saturating_mul(2)
                .saturating_add(usize::from(key.is_some())),
        }
    }

    /// A completed child by index.
    fn child(&self, i: usize) -> Option<&Node> {
        match self {
            Items::Seq(v) => v.get(i),
            Items::Map { entries, key } => match entries.get(i / 2) {
                Some(e) if i.is_multiple_of(2) => Some(&e.key),
                Some(e) => Some(&e.value),
                None if i / 2 == entries.len() && i.is_multiple_of(2) => key.as_ref(),
                None => None,
            },
        }
    }
}

/// An open collection.
#[derive(Debug)]
struct Frame {
    items: Items,
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

struct Builder<'t, 'o> {
    pos: Positions<'t>,
    opts: &'o LoadOptions,
    stack: Vec<Frame>,
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

impl Builder<'_, '_> {
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
                self.push(node, size, height)?;
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
                        text: text.into_owned(),
                        style,
                        core_type,
                    }),
                    alias_of: None,
                    tag,
                };
                if anchor > 0 {
                    self.record_anchor(anchor, sp, 1, 0);
                }
                self.push(node, 1, 0)?;
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
        self.last_end = start.end;
        self.stack.push(Frame {
            items: if seq {
                Items::Seq(Vec::new())
            } else {
                Items::Map {
                    entries: Vec::new(),
                    key: None,
                }
            },
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
        let end = if frame.flow {
            self.pos.span(span).end
        } else {
            let last = match &frame.items {
                Items::Seq(v) => v.last().map(|n| n.span.end),
                Items::Map { entries, key } => key
                    .as_ref()
                    .map(|k| k.span.end)
                    .or_else(|| entries.last().map(|e| e.value.span.end.max(e.key.span.end))),
            };
            last.unwrap_or(frame.start.end).max(frame.start.end)
        };
        let sp = self.span_at(frame.start.start, end);
        let kind = match frame.items {
            Items::Seq(v) => NodeKind::Sequence(v),
            Items::Map { mut entries, key } => {
                // A key without value cannot come from the parser; keep it anyway.
                if let Some(k) = key {
                    let null = Node::null(Span::new(k.span.file, k.span.end, k.span.end));
                    entries.push(Entry {
                        key: k,
                        value: null,
                    });
                }
                NodeKind::Mapping(Mapping { entries })
            }
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
        self.push(node, frame.size, height)
    }

    /// Add a completed node to the open collection (or make it the document root).
    /// `size` and `height` describe its subtree.
    fn push(&mut self, node: Node, size: usize, height: usize) -> Result<(), YamlError> {
        let Some(top) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        top.size = top.size.saturating_add(size);
        top.child_height = top.child_height.max(height);
        match &mut top.items {
            Items::Seq(v) => v.push(node),
            Items::Map { entries, key } => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push(Entry {
                    key: k,
                    value: node,
                }),
            },
        }
        Ok(())
    }

    fn record_anchor(&mut self, id: usize, span: Span, size: usize, height: usize) {
        let path = self
            .stack
            .iter()
            .map(|f| u32::try_from(f.items.next_index()).unwrap_or(u32::MAX))
            .collect();
        if self.anchors.len() <= id {
            self.anchors.resize_with(id.saturating_add(1), || None);
        }
        if let Some(slot) = self.anchors.get_mut(id) {
            *slot = Some(AnchorRec { path, size, height });
        }
        let name = self.word_after_props(span.start.offset as usize);
        self.anchor_defs.push(Anchor {
            name: name.to_owned(),
            span,
        });
    }

    /// The anchor name in the properties starting at byte `off` (`&a`, `!t &a`).
    fn word_after_props(&self, off: usize) -> &str {
        let text = self.pos.text();
        let rest = text.get(off..).unwrap_or("");
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

    /// The completed node at `path` in the document being built.
    fn find(&self, path: &[u32]) -> Option<&Node> {
        let mut rest = path;
        let mut frames = self.stack.iter();
        let mut node: Option<&Node> = None;
        if rest.is_empty() {
            return self.root.as_ref();
        }
        // Descend through open collections while the path follows the child being built.
        while let Some((&i, tail)) = rest.split_first() {
            let Some(frame) = frames.next() else { break };
            let i = i as usize;
            rest = tail;
            if i == frame.items.next_index() {
                continue;
            }
            node = frame.items.child(i);
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

fn convert_tag(t: &saphyr_parser::Tag) -> Tag {
    Tag {
        handle: t.handle.clone(),
        suffix: t.suffix.clone(),
    }
}

/// The core type a scalar's tag forces, after checking that the text fits it.
fn scalar_core_type(tag: &Tag, text: &str, span: Span) -> Result<Option<CoreType>, YamlError> {
    // The non-specific tag `!` makes a scalar a string.
    if tag.handle.is_empty() && tag.suffix == "!" {
        return Ok(Some(CoreType::Str));
    }
    if tag.handle != CORE_TAG_HANDLE {
        return Ok(None);
    }
    if matches!(tag.suffix.as_str(), "seq" | "map") {
        return Err(YamlError::new(
            error::INVALID_TAGGED_VALUE,
            format!("a scalar cannot have the tag `{tag}`"),
            span,
        ));
    }
    let Some(t) = CoreType::from_suffix(&tag.suffix) else {
        return Ok(None);
    };
    if resolve_as(t, text).is_none() {
        return Err(YamlError::new(
            error::INVALID_TAGGED_VALUE,
            format!("`{text}` is not a valid `{tag}` value"),
            span,
        ));
    }
    Ok(Some(t))
}

fn check_collection_tag(tag: &Tag, seq: bool, span: Span) -> Result<(), YamlError> {
    if tag.handle != CORE_TAG_HANDLE {
        return Ok(());
    }
    let bad = match tag.suffix.as_str() {
        "seq" => !seq,
        "map" => seq,
        s => CoreType::from_suffix(s).is_some(),
    };
    if bad {
        let what = if seq { "sequence" } else { "mapping" };
        return Err(YamlError::new(
            error::INVALID_TAGGED_VALUE,
            format!("a {what} cannot have the tag `{tag}`"),
            span,
        ));
    }
    Ok(())
}
