//! Writing and sending: capabilities, drafts, sending, address suggestions and uploads.
//!
//! Uploads go through `XMLHttpRequest` rather than fetch because only it reports upload
//! progress; the `File` is its body, so the browser streams it from disk and it never
//! passes through wasm memory.

use super::{ApiError, Bridge, Pending, read_empty, read_json, request, send_json};
use facteur_model::compose::{
    AddressSuggestions, ComposeCapabilities, Draft, DraftSaved, SaveDraft, SendKey, SendRequest,
    SendResult, UploadId, UploadedFile,
};
use facteur_model::problem::Problem;
use facteur_model::routes;
use facteur_model::{FolderPath, Uid};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, ProgressEvent, XmlHttpRequest};

/// How many suggestions the address field shows.
pub const SUGGESTION_LIMIT: u32 = 8;

/// `GET /api/compose/capabilities`
pub async fn capabilities() -> Result<ComposeCapabilities, ApiError> {
    read_json(request(routes::compose_capabilities()).send().await).await
}

/// `PUT /api/drafts`: saves the draft, replacing its previous copy.
pub async fn save_draft(request: &SaveDraft) -> Result<DraftSaved, ApiError> {
    send_json(routes::save_draft(), request).await
}

/// `GET /api/folders/{folder}/messages/{uid}/draft`: a saved draft, to continue it.
pub async fn reopen_draft(folder: &FolderPath, uid: Uid) -> Result<Draft, ApiError> {
    read_json(request(routes::open_draft(folder, uid)).send().await).await
}

/// `POST /api/send`: the same key sends once, however often it is posted.
pub async fn send(request: &SendRequest) -> Result<SendResult, ApiError> {
    send_json(routes::send(), request).await
}

/// `GET /api/addresses?q=&limit=`
pub async fn suggestions(typed: &str) -> Result<AddressSuggestions, ApiError> {
    read_json(
        request(routes::addresses(typed, SUGGESTION_LIMIT))
            .send()
            .await,
    )
    .await
}

/// `DELETE /api/uploads/{id}`: the file is no longer wanted.
pub async fn delete_upload(id: &UploadId) -> Result<(), ApiError> {
    read_empty(request(routes::remove_upload(&id.0)).send().await).await
}

/// A key for a new send attempt, from the browser's cryptographic random generator.
pub fn new_send_key() -> SendKey {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok());
    if filled.is_none() {
        // Without Web Crypto (never in supported browsers) the clock and Math.random
        // still make a collision between two attempts of one user improbable.
        let seed = js_sys::Date::now().to_bits().to_le_bytes();
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = seed[i % 8] ^ (js_sys::Math::random() * 256.0) as u8;
        }
    }
    crate::compose::attempt::key_from_bytes(&bytes)
}

/// The bridge calls the composer makes, so component tests can answer them in-process.
pub trait ComposeApi {
    fn capabilities(&self) -> Pending<ComposeCapabilities>;
    fn suggestions(&self, typed: String) -> Pending<AddressSuggestions>;
    fn save_draft(&self, request: SaveDraft) -> Pending<DraftSaved>;
    fn reopen_draft(&self, folder: FolderPath, uid: Uid) -> Pending<Draft>;
    fn send(&self, request: SendRequest) -> Pending<SendResult>;
    fn delete_upload(&self, id: UploadId) -> Pending<()>;
}

impl ComposeApi for Bridge {
    fn capabilities(&self) -> Pending<ComposeCapabilities> {
        Box::pin(capabilities())
    }
    fn suggestions(&self, typed: String) -> Pending<AddressSuggestions> {
        Box::pin(async move { suggestions(&typed).await })
    }
    fn save_draft(&self, request: SaveDraft) -> Pending<DraftSaved> {
        Box::pin(async move { save_draft(&request).await })
    }
    fn reopen_draft(&self, folder: FolderPath, uid: Uid) -> Pending<Draft> {
        Box::pin(async move { reopen_draft(&folder, uid).await })
    }
    fn send(&self, request: SendRequest) -> Pending<SendResult> {
        Box::pin(async move { send(&request).await })
    }
    fn delete_upload(&self, id: UploadId) -> Pending<()> {
        Box::pin(async move { delete_upload(&id).await })
    }
}

/// An upload on its way: [`Upload::abort`] stops it, [`Upload::finish`] awaits it.
pub struct Upload {
    xhr: XmlHttpRequest,
    done: JsFuture,
    _progress: Closure<dyn FnMut(ProgressEvent)>,
}

/// A handle to stop an upload (the row was removed while the file was still going).
#[derive(Debug, Clone)]
pub struct UploadHandle(XmlHttpRequest);

impl UploadHandle {
    /// Stops the upload; its [`Upload::finish`] then fails.
    pub fn abort(&self) {
        let _ = self.0.abort();
    }
}

impl Upload {
    /// Starts `POST /api/uploads` with `file` as the body; `on_progress(sent, total)`
    /// follows the bytes sent.
    pub fn start(
        file: &File,
        on_progress: impl Fn(u64, u64) + 'static,
    ) -> Result<Upload, ApiError> {
        let network = |_| ApiError::Network;
        let xhr = XmlHttpRequest::new().map_err(network)?;
        let call = routes::upload();
        xhr.open_with_async(call.method.as_str(), &call.url, true)
            .map_err(network)?;
        let content_type = match file.type_() {
            t if t.is_empty() => "application/octet-stream".to_owned(),
            t => t,
        };
        for (name, value) in [
            ("X-Facteur-Request", "1".to_owned()),
            ("Accept", "application/json".to_owned()),
            ("Content-Type", content_type),
            // Header values are ASCII: the name travels percent-encoded.
            ("X-Facteur-Filename", routes::path_segment(&file.name())),
        ] {
            xhr.set_request_header(name, &value).map_err(network)?;
        }
        let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
            if event.length_computable() {
                on_progress(event.loaded() as u64, event.total() as u64);
            }
        });
        xhr.upload()
            .map_err(network)?
            .set_onprogress(Some(progress.as_ref().unchecked_ref()));
        let promise = js_sys::Promise::new(&mut |resolve, reject| {
            xhr.set_onload(Some(&resolve));
            xhr.set_onerror(Some(&reject));
            xhr.set_onabort(Some(&reject));
        });
        xhr.send_with_opt_blob(Some(file)).map_err(network)?;
        Ok(Upload {
            xhr,
            done: JsFuture::from(promise),
            _progress: progress,
        })
    }

    /// A handle that can stop this upload.
    pub fn handle(&self) -> UploadHandle {
        UploadHandle(self.xhr.clone())
    }

    /// The uploaded file, or why the bridge refused it (`attachment_too_large` with the
    /// limit, ...).
    pub async fn finish(self) -> Result<UploadedFile, ApiError> {
        self.done.await.map_err(|_| ApiError::Network)?;
        let status = self.xhr.status().unwrap_or(0);
        let body = self.xhr.response_text().ok().flatten().unwrap_or_default();
        if (200..300).contains(&status) {
            return serde_json::from_str(&body)
                .map_err(|_| ApiError::UnexpectedResponse { status });
        }
        match serde_json::from_str::<Problem>(&body) {
            Ok(problem) => Err(ApiError::from(problem)),
            Err(_) => Err(ApiError::UnexpectedResponse { status }),
        }
    }
}
