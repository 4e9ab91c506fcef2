//! Files attached to messages being written: `POST /api/uploads` (the raw file as the
//! body, streamed to disk) and `DELETE /api/uploads/{id}`.

use super::extract::ApiPath;
use crate::error::{Error, Result};
use crate::session::Account;
use crate::state::AppState;
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use facteur_model::compose::{UploadId, UploadedFile};
use percent_encoding::percent_decode_str;

/// The request header carrying the file's percent-encoded name.
pub const FILENAME_HEADER: &str = "x-facteur-filename";

/// `POST /api/uploads` → 201 with the stored file; `attachment_too_large` (413) as soon
/// as the body passes the limit, `upload_quota_exceeded` (413) as soon as the session or
/// the account would pass its quota, both before the body is read when `Content-Length`
/// says so.
pub async fn upload(
    State(state): State<AppState>,
    account: Account,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<UploadedFile>)> {
    let filename = declared_filename(&headers)?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.parse::<u64>().ok());
    let file = state
        .uploads
        .save(
            &account,
            &filename,
            content_type,
            announced,
            body.into_data_stream(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(file)))
}

/// `DELETE /api/uploads/{id}` → 204, whether or not the file was still there.
pub async fn remove(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode> {
    state.uploads.remove(&account, &UploadId(id));
    Ok(StatusCode::NO_CONTENT)
}

/// The file name from `X-Facteur-Filename` (percent-encoded UTF-8); `attachment` when
/// the header is missing.
fn declared_filename(headers: &HeaderMap) -> Result<String> {
    let Some(value) = headers.get(FILENAME_HEADER) else {
        return Ok("attachment".to_owned());
    };
    let text = value.to_str().map_err(|_| {
        Error::InvalidInput("X-Facteur-Filename: percent-encode the file name".into())
    })?;
    percent_decode_str(text)
        .decode_utf8()
        .map(|name| name.into_owned())
        .map_err(|_| Error::InvalidInput("X-Facteur-Filename: not UTF-8 once decoded".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn filenames_are_percent_decoded() {
        let mut headers = HeaderMap::new();
        assert_eq!(declared_filename(&headers).unwrap(), "attachment");
        headers.insert(
            FILENAME_HEADER,
            HeaderValue::from_static("Relev%C3%A9%202026.pdf"),
        );
        assert_eq!(declared_filename(&headers).unwrap(), "Relevé 2026.pdf");
        headers.insert(FILENAME_HEADER, HeaderValue::from_static("%FF"));
        assert!(matches!(
            declared_filename(&headers),
            Err(Error::InvalidInput(_))
        ));
    }
}
