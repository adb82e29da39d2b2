//! A path on the platform, relative to its root URL: segments, each percent-encoded on
//! the wire and shown decoded in messages.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::connect::Root;

/// What is encoded in a path segment (RFC 3986 pchar minus what WebDAV servers mishandle).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A folder or file under the root.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct RemotePath {
    segments: Vec<String>,
}

impl RemotePath {
    /// The root itself.
    pub fn root() -> RemotePath {
        RemotePath::default()
    }

    /// `self/name`.
    pub fn join(&self, name: &str) -> RemotePath {
        let mut segments = self.segments.clone();
        segments.push(name.to_owned());
        RemotePath { segments }
    }

    /// The folder holding it; the root for the root.
    pub fn parent(&self) -> RemotePath {
        let mut segments = self.segments.clone();
        segments.pop();
        RemotePath { segments }
    }

    /// Its last segment (empty for the root).
    pub fn name(&self) -> &str {
        self.segments.last().map_or("", String::as_str)
    }

    pub fn is_root(&self) -> bool {
        self.segments.is_empty()
    }

    /// The encoded path for a request; a folder's ends in `/`.
    pub(crate) fn encoded(&self, root: &Root, folder: bool) -> String {
        let mut path = root.path.clone();
        for s in &self.segments {
            path.push('/');
            path.extend(utf8_percent_encode(s, SEGMENT));
        }
        if folder || self.segments.is_empty() {
            path.push('/');
        }
        path
    }

    /// The decoded path, as the server's listing gives it back.
    pub(crate) fn decoded(&self, root: &Root) -> String {
        let mut path = root.path.clone();
        for s in &self.segments {
            path.push('/');
            path.push_str(s);
        }
        path.push('/');
        path
    }

    /// The full URL, decoded, for messages.
    pub(crate) fn shown(&self, root: &Root, folder: bool) -> String {
        let mut shown = format!("{}{}", root.origin, root.path);
        for s in &self.segments {
            shown.push('/');
            shown.push_str(s);
        }
        if folder || self.segments.is_empty() {
            shown.push('/');
        }
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_encoded_on_the_wire_and_decoded_in_messages() {
        let root = Root::parse("https://h:8443/webdav/").unwrap();
        let file = RemotePath::root().join("FR").join("BE").join("a b#1.p7m");
        assert_eq!(file.encoded(&root, false), "/webdav/FR/BE/a%20b%231.p7m");
        assert_eq!(file.parent().encoded(&root, true), "/webdav/FR/BE/");
        assert_eq!(
            file.shown(&root, false),
            "https://h:8443/webdav/FR/BE/a b#1.p7m"
        );
        assert_eq!(RemotePath::root().encoded(&root, true), "/webdav/");
    }
}
