//! Reads a form from a page as a browser would submit it, for tests that drive the pages
//! over HTTP. The parser handles the markup the templates produce: double-quoted
//! attributes and one control per tag.

/// Returns the `(name, value)` pairs a browser sends for the form whose action is `action`,
/// without submit buttons and file inputs. Unticked checkboxes are left out.
pub fn form_fields(html: &str, action: &str) -> Vec<(String, String)> {
    let marker = format!("action=\"{action}\"");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no form with action {action} in:\n{html}"));
    let start = html[..at].rfind("<form").unwrap();
    let end = html[at..].find("</form>").unwrap() + at;
    let form = &html[start..end];
    let mut fields = Vec::new();
    let mut rest = form;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let tag_end = rest.find('>').unwrap();
        let tag = &rest[..tag_end];
        let name_end = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
        let tag_attributes = attributes(&tag[name_end..]);
        let attribute = |key: &str| {
            tag_attributes
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value.clone())
        };
        match &tag[..name_end] {
            "input" => {
                let kind = attribute("type").unwrap_or_else(|| "text".to_owned());
                let Some(name) = attribute("name") else {
                    continue;
                };
                match kind.as_str() {
                    "submit" | "file" | "button" => {}
                    "checkbox" | "radio" => {
                        if attribute("checked").is_some() {
                            fields.push((name, attribute("value").unwrap_or_default()));
                        }
                    }
                    _ => fields.push((name, attribute("value").unwrap_or_default())),
                }
            }
            "textarea" => {
                let body = &rest[tag_end + 1..];
                let close = body.find("</textarea>").unwrap();
                fields.push((attribute("name").unwrap(), unescape(&body[..close])));
            }
            "select" => {
                let body = &rest[tag_end + 1..];
                let close = body.find("</select>").unwrap();
                let options = &body[..close];
                let mut first = None;
                let mut selected = None;
                let mut cursor = options;
                while let Some(option) = cursor.find("<option") {
                    cursor = &cursor[option + "<option".len()..];
                    let option_end = cursor.find('>').unwrap();
                    let option_attributes = attributes(&cursor[..option_end]);
                    let value = option_attributes
                        .iter()
                        .find(|(name, _)| name == "value")
                        .map(|(_, value)| value.clone())
                        .unwrap_or_default();
                    if first.is_none() {
                        first = Some(value.clone());
                    }
                    if option_attributes.iter().any(|(name, _)| name == "selected") {
                        selected = Some(value);
                    }
                }
                fields.push((
                    attribute("name").unwrap(),
                    selected.or(first).unwrap_or_default(),
                ));
            }
            _ => {}
        }
    }
    fields
}

/// Returns the values of the options of the select named `name` in `html`.
pub fn select_options(html: &str, name: &str) -> Vec<String> {
    let marker = "<select id=\"";
    let mut cursor = html;
    while let Some(at) = cursor.find(marker) {
        cursor = &cursor[at..];
        let tag_end = cursor.find('>').unwrap();
        let close = cursor.find("</select>").unwrap();
        if cursor[..tag_end].contains(&format!("name=\"{name}\"")) {
            return cursor[tag_end..close]
                .split("<option value=\"")
                .skip(1)
                .map(|option| unescape(&option[..option.find('"').unwrap()]))
                .collect();
        }
        cursor = &cursor[close..];
    }
    panic!("no select named {name}");
}

fn attributes(text: &str) -> Vec<(String, String)> {
    let mut attributes = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace() || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_owned();
        rest = &rest[name_end..];
        if let Some(after) = rest.strip_prefix("=\"") {
            let close = after.find('"').unwrap();
            attributes.push((name, unescape(&after[..close])));
            rest = &after[close + 1..];
        } else {
            if !name.is_empty() {
                attributes.push((name, String::new()));
            }
            rest = rest.get(1..).unwrap_or_default();
        }
        rest = rest.trim_start();
    }
    attributes
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// Sets the field `name`, adding it when the form does not have it.
pub fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    match fields.iter_mut().find(|(key, _)| key == name) {
        Some(field) => field.1 = value.to_owned(),
        None => fields.push((name.to_owned(), value.to_owned())),
    }
}

/// Removes the field `name`, as unticking a checkbox does.
pub fn unset(fields: &mut Vec<(String, String)>, name: &str) {
    fields.retain(|(key, _)| key != name);
}

/// Returns the value of the field `name`.
pub fn get<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
        .unwrap_or_else(|| panic!("the form has no field {name}"))
}

/// Posts `fields` as `multipart/form-data` with the pressed button's `action` and, when
/// given, a file in the `file_field` input.
pub async fn post_multipart(
    client: &reqwest::Client,
    url: &str,
    fields: &[(String, String)],
    action: &str,
    file: Option<(&str, &[u8])>,
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        form = form.text(name.clone(), value.clone());
    }
    form = form.text("action", action.to_owned());
    if let Some((file_field, bytes)) = file {
        form = form.part(
            file_field.to_owned(),
            reqwest::multipart::Part::bytes(bytes.to_vec())
                .file_name("rubric.json")
                .mime_str("application/json")
                .unwrap(),
        );
    }
    client.post(url).multipart(form).send().await.unwrap()
}

/// Returns the new-micro-credential form filled with a complete, valid definition for district A,
/// with the second competency of the first framework.
pub async fn filled_new_form(
    server: &super::TestServer,
    client: &reqwest::Client,
    slug: &str,
) -> Vec<(String, String)> {
    let response = client
        .get(server.url("/manage/microcredentials/new"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let competencies = select_options(&html, "competency");
    assert!(competencies.len() > 1, "the framework's items are offered");
    let mut fields = form_fields(&html, "/manage/microcredentials");
    for (name, value) in [
        ("org_id", server.world.district_a.as_str()),
        ("slug", slug),
        ("title", "Peer feedback with rubrics"),
        (
            "summary",
            "Learners give each other feedback against a rubric.",
        ),
        ("competency", competencies[1].as_str()),
        (
            "key_method",
            "Structured peer feedback against a shared rubric.",
        ),
        (
            "rationale",
            "Feedback from peers helps learners act on criteria.",
        ),
        ("method_components[0].title", "Model the rubric"),
        (
            "method_components[0].description",
            "Show an example scored against the rubric.",
        ),
        (
            "research[0].citation",
            "Topping, K. (1998). Peer assessment.",
        ),
        (
            "research[0].url",
            "https://doi.org/10.3102/00346543068003249",
        ),
        ("requirements.overview[0].id", "class-context"),
        ("requirements.overview[0].prompt", "Describe your class."),
        ("requirements.artifacts[0].id", "feedback-samples"),
        ("requirements.artifacts[0].title", "Feedback samples"),
        (
            "requirements.artifacts[0].description",
            "Three samples of peer feedback.",
        ),
        ("requirements.reflection[0].id", "reflection"),
        ("requirements.reflection[0].prompt", "What changed?"),
        ("rubric.criteria[0].id", "use-of-rubric"),
        ("rubric.criteria[0].title", "Use of the rubric"),
        (
            "rubric.criteria[0].descriptors[0]",
            "Feedback ignores the rubric.",
        ),
        (
            "rubric.criteria[0].descriptors[1]",
            "Feedback cites the rubric.",
        ),
    ] {
        set(&mut fields, name, value);
    }
    fields
}
