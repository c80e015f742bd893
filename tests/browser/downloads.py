"""What a click on a download link saves: its file name and its text."""


def download(page, link) -> tuple[str, str]:
    with page.expect_download() as download_info:
        link.click()
    saved = download_info.value
    with open(saved.path(), encoding="utf-8") as file:
        return saved.suggested_filename, file.read()
