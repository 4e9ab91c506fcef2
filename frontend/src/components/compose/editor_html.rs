//! The editor's rich-text policy (`compose::rich_html`) applied to DOM nodes.
//!
//! The editor lives on the app's own origin, so HTML from outside (a paste, a drop, a
//! reopened draft) must never be live in the page before it is cleaned: an
//! `<img onerror>` fires and a `<meta http-equiv=refresh>` navigates as soon as they are
//! in the document. Foreign HTML is therefore parsed into an inert `<template>` (no
//! script runs, nothing loads there) and copied node by node into fresh elements of the
//! editor's document, keeping only what the policy allows; the original nodes are
//! never inserted. What is already in the editor is scrubbed in place after each input.

use crate::compose::rich_html::{ElementRule, HtmlSource, element_rule, keeps_attribute};
use crate::compose::rich_text::escape_html;
use wasm_bindgen::JsCast;
use web_sys::{Document, DocumentFragment, Element, HtmlTemplateElement, Node};

fn document() -> Option<Document> {
    web_sys::window().and_then(|window| window.document())
}

/// `html` cleaned into a fragment of the page's document, ready to insert.
pub fn clean_fragment(html: &str, source: HtmlSource) -> Option<DocumentFragment> {
    let document = document()?;
    let template: HtmlTemplateElement =
        document.create_element("template").ok()?.dyn_into().ok()?;
    template.set_inner_html(html);
    let fragment = document.create_document_fragment();
    copy_children(&document, &template.content(), &fragment, source);
    Some(fragment)
}

/// Plain text as editor content: one line per line, nothing interpreted.
pub fn text_fragment(text: &str) -> Option<DocumentFragment> {
    let html = text
        .lines()
        .map(escape_html)
        .collect::<Vec<_>>()
        .join("<br>");
    clean_fragment(&html, HtmlSource::Outside)
}

/// Replaces everything in `editor` with `html`, cleaned.
pub fn load(editor: &Element, html: &str) {
    editor.set_text_content(None);
    if let Some(fragment) = clean_fragment(html, HtmlSource::Editor) {
        let _ = editor.append_child(&fragment);
    }
}

/// Copies the allowed part of `from`'s children into `to`.
fn copy_children(document: &Document, from: &Node, to: &Node, source: HtmlSource) {
    let children = from.child_nodes();
    for index in 0..children.length() {
        let Some(child) = children.item(index) else {
            continue;
        };
        match child.node_type() {
            Node::TEXT_NODE => {
                let text = child.text_content().unwrap_or_default();
                let _ = to.append_child(&document.create_text_node(&text));
            }
            Node::ELEMENT_NODE => {
                let Ok(element) = child.dyn_into::<Element>() else {
                    continue;
                };
                copy_element(document, &element, to, source);
            }
            // Comments, processing instructions, doctypes: nothing to show.
            _ => {}
        }
    }
}

fn copy_element(document: &Document, element: &Element, to: &Node, source: HtmlSource) {
    let name = element.local_name();
    // Elements outside the HTML namespace (inside an <svg> or <math>) never pass.
    let html_namespace = element.namespace_uri().as_deref() == Some("http://www.w3.org/1999/xhtml");
    let rule = if html_namespace {
        element_rule(&name)
    } else {
        ElementRule::Drop
    };
    match rule {
        ElementRule::Drop => {}
        ElementRule::Unwrap => copy_children(document, element, to, source),
        ElementRule::Keep => {
            let Ok(copy) = document.create_element(&name) else {
                return;
            };
            for attribute in element.get_attribute_names().iter() {
                let Some(attribute) = attribute.as_string() else {
                    continue;
                };
                let value = element.get_attribute(&attribute).unwrap_or_default();
                if keeps_attribute(&name, &attribute, &value, source) {
                    let _ = copy.set_attribute(&attribute, &value);
                }
            }
            copy_children(document, element, &copy, source);
            let _ = to.append_child(&copy);
        }
    }
}

/// Cleans what is already in the editor (after the browser changed it): elements that
/// must go are removed, attributes that must go are removed. Elements to unwrap only
/// lose their attributes here: moving their children out would move the caret while the
/// user types, and an attribute-less `<span>` does nothing (the bridge unwraps it).
pub fn scrub(editor: &Element) {
    let mut stack: Vec<Element> = vec![editor.clone()];
    while let Some(parent) = stack.pop() {
        let children = parent.children();
        let mut removed = Vec::new();
        for index in 0..children.length() {
            let Some(child) = children.item(index) else {
                continue;
            };
            let name = child.local_name();
            let html_namespace =
                child.namespace_uri().as_deref() == Some("http://www.w3.org/1999/xhtml");
            let rule = if html_namespace {
                element_rule(&name)
            } else {
                ElementRule::Drop
            };
            if rule == ElementRule::Drop {
                removed.push(child);
                continue;
            }
            for attribute in child.get_attribute_names().iter() {
                let Some(attribute) = attribute.as_string() else {
                    continue;
                };
                let value = child.get_attribute(&attribute).unwrap_or_default();
                let kept = rule == ElementRule::Keep
                    && keeps_attribute(&name, &attribute, &value, HtmlSource::Editor);
                if !kept {
                    let _ = child.remove_attribute(&attribute);
                }
            }
            stack.push(child);
        }
        for child in removed {
            child.remove();
        }
    }
}
