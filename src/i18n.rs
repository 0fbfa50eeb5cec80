//! Every visible string of the page, in English and Chinese, and how the language is chosen.
//!
//! One table, one row a string: the page's static text (`data-i18n` keys in `www/index.html`)
//! and the sentences that explain verdicts. Templates name their values (`{size}`), so a
//! translation may reorder them; a test checks that both languages use the same names.

/// The page's languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese, as read in mainland China.
    Zh,
}

impl Lang {
    /// The language for a BCP 47 tag such as `navigator.language`: Chinese for any `zh`.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.trim().to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The other language, for the switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }
}

/// Each row: key, English, Chinese.
#[rustfmt::skip]
const STRINGS: &[(&str, &str, &str)] = &[
    // The page
    ("title", "gomirror — fast Go downloads, verified", "gomirror — Go 下载测速与校验"),
    ("tagline", "Find the Go download that works from your network, and check that the file you got is the real one. Everything runs in your browser.", "找到在你的网络下可用的 Go 下载地址，并确认你下载到的文件是官方原版。一切都在你的浏览器里完成。"),
    ("lang-switch", "中文", "English"),
    ("lang-switch-label", "切换到中文", "Switch to English"),
    ("noscript", "This page needs JavaScript and WebAssembly.", "本页面需要启用 JavaScript 和 WebAssembly。"),
    ("skip", "Skip to the file check", "跳到文件校验"),
    // The official list
    ("source-loading", "Loading the official checksum list…", "正在加载官方校验和列表…"),
    ("source-live", "Official checksums: live list from {url} ({count} files).", "官方校验和：来自 {url} 的实时列表（{count} 个文件）。"),
    ("source-snapshot", "Official checksums: the snapshot shipped with this page, made {date} ({days} days ago, {count} files). Releases after that date are missing from it.", "官方校验和：本页面自带的快照，生成于 {date}（{days} 天前，{count} 个文件）。此日期之后的版本不在其中。"),
    ("source-failed", "Could not use {url}: {reason}", "无法使用 {url}：{reason}"),
    ("fail-timeout", "no answer within {seconds} s", "{seconds} 秒内没有响应"),
    ("fail-http", "the server answered HTTP {status}", "服务器返回 HTTP {status}"),
    ("fail-unreachable", "unreachable, or the server does not let this page read it ({detail})", "无法连接，或服务器不允许本页面读取（{detail}）"),
    ("fail-refused", "refused: {detail}", "已拒绝：{detail}"),
    ("source-none", "No official checksum list could be loaded; the snapshot shipped with this page (data/releases.json) failed too: {reason}. You can still paste a checksum to check a file.", "无法加载任何官方校验和列表；本页面自带的快照（data/releases.json）也无法使用：{reason}。你仍可粘贴校验和来校验文件。"),
    // Which file to download
    ("pick-heading", "The file for you", "适合你的文件"),
    ("pick-detected", "Detected: {platform}.", "检测到的系统：{platform}。"),
    ("pick-guess", "This browser does not say whether this Mac has an Intel or Apple chip; Apple silicon is assumed. Change it below if needed.", "此浏览器无法判断这台 Mac 是 Intel 还是 Apple 芯片，默认按 Apple 芯片处理；如有需要请在下方修改。"),
    ("pick-version", "Version", "版本"),
    ("pick-os", "Operating system", "操作系统"),
    ("pick-arch", "Architecture", "架构"),
    ("pick-kind", "Kind", "类型"),
    ("kind-featured", "Recommended for this system", "此系统推荐"),
    ("kind-archive", "Archive (.tar.gz / .zip)", "压缩包（.tar.gz / .zip）"),
    ("kind-installer", "Installer (.msi / .pkg)", "安装包（.msi / .pkg）"),
    ("kind-source", "Source", "源码"),
    ("pick-file", "File", "文件"),
    ("pick-sha256", "SHA-256", "SHA-256"),
    ("pick-size", "Size", "大小"),
    ("pick-size-unknown", "not in the list", "列表中没有"),
    ("pick-official-link", "Download from go.dev", "从 go.dev 下载"),
    ("pick-none", "The official list has no file for this choice.", "官方列表中没有符合此选择的文件。"),
    ("pick-unstable", "(unstable)", "（测试版）"),
    // Mirrors
    ("mirrors-heading", "Download sources, measured from your network", "下载源测速（从你的网络测得）"),
    ("mirrors-help", "Every source is timed from this browser. Throughput can be measured only where the source lets the page read its answers (CORS); elsewhere the table shows latency only and never downloads the archive.", "每个下载源都由本浏览器测速。只有在下载源允许本页面读取响应（CORS）时才能测量吞吐量；否则表中只显示延迟，绝不会在后台下载整个文件。"),
    ("recommended-heading", "Recommended download", "推荐下载"),
    ("rerun", "Measure again", "重新测速"),
    ("col-mirror", "Source", "下载源"),
    ("col-region", "Region", "地区"),
    ("col-status", "Status", "状态"),
    ("col-latency", "Latency", "延迟"),
    ("col-throughput", "Throughput", "吞吐量"),
    ("col-note", "Notes", "说明"),
    ("col-link", "Link", "链接"),
    ("official", "official", "官方"),
    ("download", "download", "下载"),
    ("st-pending", "measuring…", "测速中…"),
    ("st-ok", "OK", "正常"),
    ("st-limited", "reachable", "可访问"),
    ("st-failed", "failed", "失败"),
    ("st-timeout", "no answer", "无响应"),
    ("st-gone", "gone", "已停用"),
    ("r-http", "The server answered HTTP {status}.", "服务器返回 HTTP {status}。"),
    ("r-wrong-size", "It serves {served}, but the official file has {official}: stale or broken.", "它提供的文件为 {served}，官方文件为 {official}：内容过期或已损坏。"),
    ("r-html", "It serves a web page instead of the file.", "它返回的是网页而不是文件。"),
    ("r-refused", "The connection failed (refused, DNS, TLS or blocked).", "连接失败（被拒绝、DNS、TLS 或被拦截）。"),
    ("r-timeout", "No answer within the time limit.", "在时限内没有响应。"),
    ("n-no-cors", "Latency only: this source does not let web pages read its answers (no CORS), so its speed and file size cannot be checked from here.", "仅测延迟：该下载源不允许网页读取其响应（无 CORS），因此无法在此检查速度和文件大小。"),
    ("n-redirected", "Redirects to {url}.", "跳转到 {url}。"),
    ("n-custom", "Added by you.", "由你添加。"),
    ("cmd-heading", "Download and check it from a terminal", "在终端中下载并校验"),
    ("cmd-linux", "Linux", "Linux"),
    ("cmd-darwin", "macOS", "macOS"),
    ("cmd-windows", "Windows (PowerShell)", "Windows（PowerShell）"),
    ("cmd-then", "Or download it in the browser, then drop the file below to check it here.", "也可以用浏览器下载，然后把文件拖到下方，在本页校验。"),
    ("why-measuring", "Measuring the sources…", "正在测速…"),
    ("why-fastest", "{name} was the fastest measured from your network ({figure}).", "{name} 是从你的网络测得最快的下载源（{figure}）。"),
    ("why-official-close", "{name} is official and within 20% of the fastest ({figure}).", "{name} 是官方下载源，速度与最快者相差不到 20%（{figure}）。"),
    ("why-lowest-latency", "No source let this page measure its speed; {name} answered fastest ({figure}).", "没有下载源允许本页面测量速度；{name} 响应最快（{figure}）。"),
    ("why-official-latency", "No source let this page measure its speed; {name} is official and answered within 20% of the fastest ({figure}).", "没有下载源允许本页面测量速度；{name} 是官方下载源，响应时间与最快者相差不到 20%（{figure}）。"),
    ("why-nothing", "No source answered from your network (offline, a firewall or DNS?). Here is the official link anyway.", "从你的网络无法访问任何下载源（离线、防火墙或 DNS 问题？）。以下仍给出官方链接。"),
    ("add-mirror-label", "Add your own mirror (URL with {file})", "添加你自己的镜像（URL 中包含 {file}）"),
    ("add-mirror", "Add and measure", "添加并测速"),
    ("add-bad", "Not added: {problem}", "未添加：{problem}"),
    ("fetch-verify", "Download and verify here", "在此下载并校验"),
    ("fetch-verify-short", "verify here", "在此校验"),
    ("fetch-verify-help", " The page downloads the file itself, checks its SHA-256 while it arrives, and gives it to you only if it matches the official list.", " 本页面会自行下载该文件，在下载过程中校验 SHA-256，只有与官方列表一致时才交给你。"),
    ("downloading", "Downloading from {mirror}: {share} at {speed}", "正在从 {mirror} 下载：{share}，速度 {speed}"),
    ("dl-from", "Downloaded from {mirror} at {speed} on average.", "从 {mirror} 下载，平均速度 {speed}。"),
    ("dl-saving", "Saving…", "正在保存…"),
    ("dl-saved-disk", "It matched, so it was saved where you chose.", "校验一致，已保存到你选择的位置。"),
    ("dl-saved-memory", "It matched, so your browser saves it now. ", "校验一致，浏览器正在保存该文件。"),
    ("dl-save-again", "Save {file} again", "再次保存 {file}"),
    ("dl-discarded", "Not saved: it did not match the official checksum, so the bytes were thrown away. Try another source.", "未保存：与官方校验和不一致，已丢弃这些数据。请换一个下载源。"),
    ("next-heading", "What to do next", "下一步怎么做"),
    ("dx-measuring", "Measuring the sources…", "正在测速…"),
    ("dx-all-unreachable", "Nothing answers from your network", "从你的网络无法访问任何下载源"),
    ("dx-all-unreachable-text", "Every source failed or timed out, so the problem is most likely on your side: no connection, a firewall or proxy that blocks these hosts, or DNS. Check it with these commands (they test {host}); if a company proxy is in the way, ask for it to allow these hosts, or use a mirror it allows.", "所有下载源都失败或超时，问题很可能在你这一侧：没有网络连接、防火墙或代理拦截了这些主机，或者 DNS 有问题。可以用下面的命令检查（以 {host} 为例）；如果是公司代理造成的，请联系管理员放行这些主机，或使用代理允许的镜像。"),
    ("dx-official-unreachable", "The official sites fail, mirrors work", "官方站点无法访问，镜像可以访问"),
    ("dx-official-unreachable-text", "go.dev and dl.google.com do not answer from your network, but other sources do. Use the recommended mirror above (and check the file here), or the module-proxy route if you already have Go 1.21 or later. These commands show where the connection to {host} stops.", "go.dev 和 dl.google.com 在你的网络下无法访问，但其他下载源可以。请使用上面推荐的镜像（并在本页校验文件），如果已经装有 Go 1.21 或更高版本，也可以用模块代理。以下命令可以看到到 {host} 的连接在哪里中断。"),
    ("dx-slow", "Your connection to every source is slow", "你到所有下载源的连接都很慢"),
    ("dx-slow-text", "The best source measured {figure}. A Go archive is about 70 MB, so expect a long download: use the recommended source, start it from a terminal that can resume (curl -C -), and check the file here afterwards. These commands measure the speed you really get.", "测得最好的下载源为 {figure}。Go 安装包约 70 MB，下载会比较久：请使用推荐的下载源，在终端中用可续传的方式下载（curl -C -），下载后在本页校验。以下命令可以测出你实际得到的速度。"),
    ("dx-bad-file", "The file you checked is not the official file", "你校验的文件不是官方文件"),
    ("dx-bad-truncated", "{file} is incomplete: the download stopped early. Resume it (curl -C -) or download it again, preferably from the recommended source.", "{file} 不完整：下载提前中断了。请续传（curl -C -）或重新下载，最好使用推荐的下载源。"),
    ("dx-bad-html", "{file} is a web page, not the archive: a download without following redirects (curl without -L), an error page or a login page. Download it again with curl -fL.", "{file} 是一个网页，而不是安装包：可能是下载时没有跟随跳转（curl 没有加 -L）、错误页或登录页。请用 curl -fL 重新下载。"),
    ("dx-bad-decompressed", "{file} was decompressed on the way (a server or proxy applied transport gzip and your client removed it). Download it again with curl -fL and without --compressed; or rename it to .tar, it is the same content.", "{file} 在传输途中被解压了（服务器或代理使用了传输层 gzip，客户端将其去除）。请用 curl -fL 且不加 --compressed 重新下载；或将其改名为 .tar，内容是一样的。"),
    ("dx-bad-double-gzip", "{file} was compressed a second time on the way. Download it again with curl -fL, from another source if it happens again.", "{file} 在传输途中被再次压缩。请用 curl -fL 重新下载；如果再次出现，请换一个下载源。"),
    ("dx-bad-wrong-file", "{file} is another official file than its name says: a different version or platform. Download the file the page recommends.", "{file} 是另一个官方文件，与其文件名不符：版本或平台不同。请下载本页推荐的文件。"),
    ("dx-bad-other", "{file} does not match the official checksum: it was changed or damaged on the way, or the source serves something else. Do not install it; download it again from another source and check it here.", "{file} 与官方校验和不一致：它在传输中被改动或损坏，或者下载源提供的是别的内容。请不要安装它；换一个下载源重新下载，并在本页校验。"),
    ("dx-ok", "Nothing looks wrong", "一切正常"),
    ("dx-ok-text", "The sources answer and the files you checked match. Download from the recommended source and check the file here.", "下载源可以访问，你校验的文件也一致。请从推荐的下载源下载，并在本页校验文件。"),
    ("dx-stale", "Stale or broken mirrors: {mirrors} serve a file whose size differs from the official one. Avoid them for this file.", "过期或损坏的镜像：{mirrors} 提供的文件大小与官方不同。下载此文件时请避开它们。"),
    ("dx-commands", "Commands that confirm it", "用以下命令确认"),
    ("report-markdown", "Copy report (Markdown)", "复制报告（Markdown）"),
    ("report-json", "Save report (JSON)", "保存报告（JSON）"),
    ("report-copied", "The report is on the clipboard.", "报告已复制到剪贴板。"),
    ("report-copy-failed", "The browser refused the clipboard; the report is selected below, copy it by hand.", "浏览器拒绝访问剪贴板；报告已在下方选中，请手动复制。"),
    ("report-saved", "The report was saved as {file}.", "报告已保存为 {file}。"),
    ("report-help", "The report holds what this page shows: time, browser, platform, checksum source, measurements and verdicts. Nothing is sent anywhere.", "报告只包含本页显示的内容：时间、浏览器、平台、校验和来源、测速结果和校验结论。不会发送到任何地方。"),
    ("alt-heading", "Other ways to install Go", "安装 Go 的其他方式"),
    ("alt-proxy", "Have Go 1.21 or later already? The module-proxy route below fetches any newer release through a proxy, checked by the Go checksum database.", "已经装有 Go 1.21 或更高版本？下方的模块代理方式可以通过代理获取任何更新的版本，并由 Go 校验和数据库校验。"),
    ("alt-col-manager", "Package manager", "包管理器"),
    ("alt-col-command", "Command", "命令"),
    ("alt-col-version", "Which Go you get", "得到的 Go 版本"),
    ("alt-apt", "The distribution's Go, often a year or more behind (Debian 12: 1.19; Ubuntu 24.04: 1.22). Backports or golang-1.x packages are newer.", "发行版自带的 Go，往往落后一年或更久（Debian 12 为 1.19；Ubuntu 24.04 为 1.22）。backports 或 golang-1.x 软件包会更新一些。"),
    ("alt-dnf", "Fedora follows new releases within weeks; RHEL and its rebuilds lag behind.", "Fedora 通常在几周内跟进新版本；RHEL 及其衍生版本较为滞后。"),
    ("alt-brew", "The current release, usually within days. In mainland China, set HOMEBREW_BOTTLE_DOMAIN to a mirror.", "当前版本，通常几天内更新。在中国大陆可将 HOMEBREW_BOTTLE_DOMAIN 设置为镜像地址。"),
    ("alt-winget", "The current release, from the official .msi.", "当前版本，来自官方 .msi。"),
    ("alt-scoop", "The current release, from the official .zip.", "当前版本，来自官方 .zip。"),
    ("alt-choco", "The current release, from the official .msi.", "当前版本，来自官方 .msi。"),
    ("alt-check", "Whatever installed it, the command go version says which release you have.", "无论用哪种方式安装，go version 命令都会告诉你当前的版本。"),
    ("host-heading", "Run your own mirror (for a company or a campus)", "自建镜像（适用于公司或校园）"),
    ("host-text", "Serve the official files under their official names in one folder, then add its URL above. For this page to measure it fully, the server must let web pages read its answers (CORS), expose Content-Range, allow timing (Timing-Allow-Origin) and answer Range requests (nginx and most servers do by default):", "把官方文件以官方文件名放在同一个目录中提供下载，然后在上方添加它的 URL。为了让本页能完整测速，服务器必须允许网页读取响应（CORS）、暴露 Content-Range、允许计时（Timing-Allow-Origin）并支持 Range 请求（nginx 和大多数服务器默认支持）："),
    ("host-check", "Check every file you serve against the official list (this page, or sha256sum -c) before publishing it.", "发布前请用官方列表校验你提供的每个文件（使用本页或 sha256sum -c）。"),
    ("myth-heading", "Common mistakes to avoid", "常见误区"),
    ("myth-github", "GitHub has no Go binaries: github.com/golang/go holds the source and tags only. A \"Go release\" offered for download on GitHub is someone else's build.", "GitHub 上没有 Go 的二进制发行包：github.com/golang/go 只有源代码和标签。GitHub 上提供下载的所谓“Go 发行版”都是别人构建的。"),
    ("myth-sha256", "go.dev does not serve .sha256 files: go.dev/dl/FILE.sha256 redirects to the download page, so a script that saves it gets HTML, and sha256sum -c fails. The checksums are on go.dev/dl and in its JSON list, which this page reads.", "go.dev 不提供 .sha256 文件：go.dev/dl/文件名.sha256 会跳转到下载页面，脚本保存下来的是 HTML，sha256sum -c 会失败。校验和在 go.dev/dl 页面及其 JSON 列表中，本页读取的正是该列表。"),
    ("myth-same-mirror", "A checksum from the same mirror as the file proves little: a stale or tampered mirror serves a matching checksum too. Compare with the official list.", "来自同一镜像的校验和说明不了什么：过期或被篡改的镜像也会提供与之匹配的校验和。请与官方列表比对。"),
    ("myth-storage", "storage.googleapis.com/golang is gone (HTTP 403): old scripts that use it must switch to dl.google.com/go/.", "storage.googleapis.com/golang 已停用（HTTP 403）：仍在使用它的旧脚本需改用 dl.google.com/go/。"),
    ("copy", "Copy", "复制"),
    ("copied", "Copied", "已复制"),
    ("copy-select", "Selected: press Ctrl+C", "已选中：请按 Ctrl+C"),
    ("chart-caption", "Measured from your network just now. Longer throughput bars and shorter latency bars are better; the highlighted bar is the recommended source.", "刚刚从你的网络测得。吞吐量条越长越好，延迟条越短越好；高亮的是推荐的下载源。"),
    ("chart-throughput", "Throughput (higher is better)", "吞吐量（越高越好）"),
    ("chart-latency", "Latency (lower is better)", "延迟（越低越好）"),
    ("proxies-heading", "Already have Go 1.21 or later? Use a module proxy", "已经装有 Go 1.21 或更高版本？用模块代理"),
    ("proxies-help", "Go 1.21 and later can fetch any newer Go through a module proxy (GOPROXY), which is often easier to reach than the download sites. The go command checks that download against the Go checksum database itself; its zip has no entry in the official SHA-256 list.", "Go 1.21 及以上版本可以通过模块代理（GOPROXY）获取任何更新的 Go 版本，模块代理往往比下载站点更容易访问。go 命令会自行用 Go 校验和数据库校验这次下载；该 zip 不在官方 SHA-256 列表中。"),
    ("col-proxy", "Proxy", "代理"),
    ("proxy-lead", "Run this with the Go you have: it fetches {version} through {proxy} and runs it.", "用你已有的 Go 运行以下命令：它会通过 {proxy} 获取 {version} 并运行。"),
    ("proxy-nothing", "No proxy answered from your network; the commands use the first one listed.", "从你的网络无法访问任何代理；以下命令使用列表中的第一个。"),
    ("proxy-checked", "The go command verifies the toolchain against sum.golang.org (in mainland China, GOSUMDB=sum.golang.google.cn reaches the same database).", "go 命令会用 sum.golang.org 校验该工具链（在中国大陆，可设置 GOSUMDB=sum.golang.google.cn 访问同一个数据库）。"),
    // Checking files
    ("check-heading", "Check a downloaded file", "校验已下载的文件"),
    ("drop-hint", "Drop your downloaded files anywhere here, or", "把下载的文件拖到这里，或者"),
    ("choose-files", "choose files", "选择文件"),
    ("privacy", "Files are checked on this computer. Nothing is uploaded.", "文件在本机校验，不会上传。"),
    ("expected-label", "Expected SHA-256 (optional)", "预期的 SHA-256（可选）"),
    ("expected-help", "Paste a checksum, or a line of a SHA256SUMS file. It applies to every file you check while it is here. You can also drop a .sha256 file together with the download; a checksum from the same mirror proves less than the official list.", "粘贴一个校验和，或 SHA256SUMS 文件中的一行。它会用于此处保留期间校验的所有文件。你也可以把 .sha256 文件和下载的文件一起拖进来；但来自同一镜像的校验和不如官方列表可信。"),
    ("expected-placeholder", "e.g. 1f8b… or “1f8b…  go1.22.0.linux-amd64.tar.gz”", "例如 1f8b… 或 “1f8b…  go1.22.0.linux-amd64.tar.gz”"),
    ("expected-ok", "Using {count} pasted checksum(s).", "正在使用粘贴的 {count} 个校验和。"),
    ("expected-bad", "No SHA-256 (64 hex digits) found in this text; it is ignored.", "这段文字里没有 SHA-256（64 位十六进制），已忽略。"),
    ("sidefile-read", "Read {count} checksum(s) from {name}.", "已从 {name} 读取 {count} 个校验和。"),
    ("sidefile-bad", "{name} holds no SHA-256 checksum.", "{name} 中没有 SHA-256 校验和。"),
    ("verdicts-heading", "Results", "校验结果"),
    ("cancel", "Cancel", "取消"),
    ("checking", "Checking… {percent}", "正在校验… {percent}"),
    ("waiting", "Waiting for the official list…", "正在等待官方列表…"),
    ("inspecting", "Hash differs; reading the compressed data to see whether it was cut off…", "哈希不一致；正在读取压缩数据，判断文件是否不完整…"),
    ("field-size", "Size", "大小"),
    ("field-expected-size", "Official size", "官方大小"),
    ("field-sha256", "SHA-256", "SHA-256"),
    ("field-expected-sha256", "Expected SHA-256", "预期 SHA-256"),
    ("field-source", "Expected from", "预期值来源"),
    ("field-identified", "The bytes are", "文件内容实际是"),
    ("source-official", "the official list", "官方列表"),
    ("source-pasted", "the checksum you pasted", "你粘贴的校验和"),
    ("source-sidefile", "a checksum file you dropped", "你拖入的校验和文件"),
    ("source-none-short", "nothing", "无"),
    ("bytes", "{count} bytes", "{count} 字节"),
    // Verdict headlines
    ("v-match", "Genuine: checksum matches", "正版：校验和一致"),
    ("v-mismatch", "Checksum does not match", "校验和不一致"),
    ("v-truncated", "Incomplete download", "下载不完整"),
    ("v-oversized", "Larger than the official file", "比官方文件大"),
    ("v-html", "A web page, not the file", "这是网页，不是所需文件"),
    ("v-decompressed", "Decompressed in transit", "传输中被解压"),
    ("v-double-gzip", "Compressed twice in transit", "传输中被重复压缩"),
    ("v-wrong-file", "A different Go file", "另一个 Go 文件"),
    ("v-unknown", "Nothing to compare with", "没有可比对的校验和"),
    ("v-empty", "Empty file", "空文件"),
    ("v-error", "Could not read the file", "无法读取文件"),
    ("v-cancelled", "Cancelled", "已取消"),
    // Verdict explanations
    ("x-match-official", "This is the official file {file}, exactly as published.", "这就是官方发布的 {file}，内容完全一致。"),
    ("x-match-renamed", "These bytes are the official file {file}, saved under another name.", "文件内容就是官方文件 {file}，只是文件名不同。"),
    ("x-match-pasted", "The file's SHA-256 equals the checksum you pasted.", "文件的 SHA-256 与你粘贴的校验和一致。"),
    ("x-match-sidefile", "The file's SHA-256 equals the one in the checksum file you dropped.", "文件的 SHA-256 与你拖入的校验和文件一致。"),
    ("x-mismatch", "The file has the expected size but different bytes: it was corrupted on the way or altered. Delete it and download it again, preferably from another source.", "文件大小正确，但内容不同：传输中损坏或被篡改。请删除后重新下载，最好换一个下载源。"),
    ("x-mismatch-official", "The file does not match the checksum you pasted, but it is the official file {file}, byte for byte: the pasted checksum is for another file, or wrong.", "文件与你粘贴的校验和不一致，但它与官方文件 {file} 完全相同：粘贴的校验和属于另一个文件，或者有误。"),
    ("x-mismatch-nosize", "The file's SHA-256 is not the expected one: it is corrupted, altered, or another file. Delete it and download it again.", "文件的 SHA-256 与预期不符：文件已损坏、被篡改或不是同一个文件。请删除后重新下载。"),
    ("x-truncated-size", "The file has {actual} but the official file has {expected}: {missing} are missing. The download stopped early (a dropped connection or a proxy limit). Download it again; curl -C - resumes a partial file.", "文件只有 {actual}，官方文件有 {expected}，缺少 {missing}。下载中途停止了（连接中断或代理限制）。请重新下载；curl -C - 可以续传。"),
    ("x-truncated-stream", "The compressed data stops before its end, so the download stopped early (a dropped connection or a proxy limit). Download it again; curl -C - resumes a partial file.", "压缩数据在结尾之前就中断了，说明下载中途停止（连接中断或代理限制）。请重新下载；curl -C - 可以续传。"),
    ("x-oversized", "The file has {actual}, {extra} more than the official {expected}. Extra data was appended, or this is not the file its name says.", "文件有 {actual}，比官方的 {expected} 多出 {extra}。文件末尾被追加了数据，或者它并不是文件名所说的文件。"),
    ("x-html", "The file is a web page: an error page, a proxy or Wi-Fi login page, or a redirect notice saved by curl without -L. Open it in a text editor to see which, then download again (curl -fLO follows redirects and fails on errors).", "这个文件是网页：可能是错误页、代理或 Wi-Fi 登录页，或用 curl 下载时没加 -L 保存下来的跳转提示。用文本编辑器打开可以看到是哪种，然后重新下载（curl -fLO 会跟随跳转，出错时直接失败）。"),
    ("x-decompressed", "The file is a plain tar: a server or proxy sent the .tar.gz with Content-Encoding: gzip and the gzip layer was removed on the way. The checksum is for the .tar.gz, so download it again without transparent decompression (curl without --compressed, or another mirror).", "这个文件是未压缩的 tar：服务器或代理以 Content-Encoding: gzip 发送了 .tar.gz，途中 gzip 层被去掉了。校验和针对的是 .tar.gz，请在不自动解压的情况下重新下载（curl 不加 --compressed，或换一个镜像）。"),
    ("x-double-gzip", "The file is gzip inside gzip: a server or proxy compressed the .tar.gz again in transit and it was saved that way. gunzip once may give the real file; downloading it again is safer.", "这个文件被 gzip 压缩了两次：服务器或代理在传输中又压缩了一遍 .tar.gz，并按此保存。用 gunzip 解压一次也许能得到原文件，但重新下载更稳妥。"),
    ("x-wrong-file", "The name says {intended}, but the bytes are the official file {identified}: another version or platform. Download {intended} again, or rename this file.", "文件名是 {intended}，但内容是官方文件 {identified}：版本或平台不同。请重新下载 {intended}，或者给这个文件改名。"),
    ("x-wrong-unknown", "The name says {intended}, but the bytes are another official file.", "文件名是 {intended}，但内容是另一个官方文件。"),
    ("x-unknown", "The official list does not know this file name, and no checksum was pasted or dropped with it. Paste the expected SHA-256 above, or drop the .sha256 file together with the download.", "官方列表中没有这个文件名，也没有粘贴或拖入对应的校验和。请在上方粘贴预期的 SHA-256，或把 .sha256 文件和下载的文件一起拖进来。"),
    ("x-empty", "The file is empty (0 bytes): the download failed before any data arrived.", "文件是空的（0 字节）：下载在收到任何数据前就失败了。"),
    ("x-error", "The browser could not read the file: {reason}", "浏览器无法读取该文件：{reason}"),
    ("x-cancelled", "You stopped this check.", "你已停止此次校验。"),
    // Notes
    ("n-pasted-disagrees", "The checksum you pasted is not the official one for this file; the official list says {official}.", "你粘贴的校验和不是此文件的官方校验和；官方列表为 {official}。"),
    ("n-sidefile-disagrees", "The checksum file you dropped says {sidefile}, which the official list contradicts: that mirror's checksum file is wrong or stale.", "你拖入的校验和文件给出的是 {sidefile}，与官方列表不符：该镜像的校验和文件有误或已过期。"),
    ("n-sidefile-only", "That checksum came from the same place as the file, so it only shows the mirror is consistent with itself. The official list is the authority.", "该校验和与文件来自同一处，只能说明镜像自身一致；官方列表才是权威。"),
    ("n-renamed", "Official name: {name}.", "官方文件名：{name}。"),
    ("n-stream-damaged", "The compressed data is damaged in the middle: the bytes were changed, not cut off.", "压缩数据中间已损坏：内容被改动，而不是被截断。"),
    ("n-stream-whole", "The compressed data is whole, so bytes were changed rather than cut off.", "压缩数据是完整的，所以是内容被改动而不是被截断。"),
];

/// The string for `key` in `lang`; the key itself when the table lacks it (a test keeps the
/// table complete, so a visitor never sees one).
pub fn text(lang: Lang, key: &str) -> &str {
    match STRINGS.iter().find(|(k, _, _)| *k == key) {
        Some((_, en, zh)) => match lang {
            Lang::En => en,
            Lang::Zh => zh,
        },
        None => key,
    }
}

/// The string for `key` with its `{name}` placeholders filled from `values`.
pub fn fill(lang: Lang, key: &str, values: &[(&str, &str)]) -> String {
    let mut out = text(lang, key).to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Every key of the table, for the completeness tests of the page and the browser layer.
pub fn keys() -> impl Iterator<Item = &'static str> {
    STRINGS.iter().map(|(k, _, _)| *k)
}

/// A byte count for people: `68,988,925 bytes (65.8 MiB)`.
pub fn bytes(lang: Lang, count: u64) -> String {
    let exact = fill(lang, "bytes", &[("count", &group_digits(count))]);
    if count < 1024 {
        return exact;
    }
    let (unit, div) = [("GiB", 1u64 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        .into_iter()
        .find(|(_, div)| count >= *div)
        .unwrap_or(("KiB", 1 << 10));
    let open = if lang == Lang::Zh { "（" } else { " (" };
    let close = if lang == Lang::Zh { "）" } else { ")" };
    let amount = fixed(count as f64 / div as f64, 1);
    format!("{exact}{open}{amount} {unit}{close}")
}

/// A transfer rate for people, from bytes per second: `12.3 MiB/s`, `512 KiB/s`.
pub fn rate(bps: f64) -> String {
    if bps >= f64::from(1 << 20) {
        format!("{} MiB/s", fixed(bps / f64::from(1 << 20), 1))
    } else {
        format!("{} KiB/s", fixed(bps / 1024.0, 0))
    }
}

/// `x` with `decimals` digits after the point (at most 9), rounded half away from zero:
/// `fixed(65.79, 1)` is `65.8`. The page formats every fractional number through this rather
/// than `format!("{:.1}")`, whose float formatter weighs about 14 KB of wasm. The whole part
/// saturates at `u64::MAX`; no figure of the page comes near.
pub fn fixed(x: f64, decimals: u32) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "NaN"
        } else if x > 0.0 {
            "inf"
        } else {
            "-inf"
        }
        .into();
    }
    let scale = 10u64.pow(decimals.min(9));
    let scaled = (x.abs() * scale as f64).round();
    // Whole part and fraction apart, so that a huge `x` saturates the whole part only.
    let (whole, part) = if scaled < u64::MAX as f64 {
        let scaled = scaled as u64;
        (scaled / scale, scaled % scale)
    } else {
        (x.abs() as u64, 0)
    };
    let mut out = String::new();
    if x < 0.0 && (whole, part) != (0, 0) {
        out.push('-');
    }
    out.push_str(&whole.to_string());
    if scale > 1 {
        let fraction = (part + scale).to_string();
        out.push('.');
        out.push_str(&fraction[1..]);
    }
    out
}

/// `68988925` → `68,988,925`.
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Whole days from one ISO date (`2026-11-01`) to another; `None` when either is not a date.
pub fn days_between(from: &str, to: &str) -> Option<i64> {
    Some(day_number(to)? - day_number(from)?)
}

/// Days since 1970-01-01 of a proleptic Gregorian `YYYY-MM-DD` (Howard Hinnant's algorithm).
fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.get(..10)?.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates() {
        assert_eq!(rate(512.0 * 1024.0), "512 KiB/s");
        assert_eq!(rate(1.5 * 1048576.0), "1.5 MiB/s");
        assert_eq!(rate(0.0), "0 KiB/s");
    }

    #[test]
    fn fixed_matches_the_standard_formatter() {
        // Away from exact halves the two agree; at a half, `fixed` rounds away from zero.
        let mut seed = 1u64;
        for _ in 0..20_000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let x = ((seed >> 11) as f64 / (1u64 << 53) as f64 - 0.3) * 1e7;
            for d in 0..5 {
                let std = format!("{x:.*}", d as usize);
                let scaled = (x * 10f64.powi(d as i32)).abs();
                if (scaled.fract() - 0.5).abs() < 1e-6 {
                    continue;
                }
                assert_eq!(fixed(x, d), std, "{x} to {d}");
            }
        }
        assert_eq!(fixed(2.5, 0), "3");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-1.25, 1), "-1.3");
        assert_eq!(fixed(0.5, 4), "0.5000");
        assert_eq!(fixed(1e300, 1), "18446744073709551615.0");
        assert_eq!(fixed(f64::NAN, 1), "NaN");
        assert_eq!(fixed(f64::NEG_INFINITY, 0), "-inf");
    }
    use std::collections::BTreeSet;

    fn placeholders(s: &str) -> BTreeSet<&str> {
        s.split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name))
            .collect()
    }

    #[test]
    fn table_is_complete_and_consistent() {
        let mut seen = BTreeSet::new();
        for (key, en, zh) in STRINGS {
            assert!(seen.insert(key), "key {key} listed twice");
            assert!(!en.is_empty() && !zh.is_empty(), "{key} lacks a language");
            assert_eq!(
                placeholders(en),
                placeholders(zh),
                "{key}: placeholders differ"
            );
        }
    }

    /// Every `data-i18n` key in the page must be in the table.
    #[test]
    fn page_keys_exist() {
        let html = include_str!("../www/index.html");
        for attr in [
            "data-i18n=\"",
            "data-i18n-placeholder=\"",
            "data-i18n-label=\"",
        ] {
            for part in html.split(attr).skip(1) {
                let key = part.split('"').next().unwrap_or_default();
                assert!(
                    keys().any(|k| k == key),
                    "index.html uses unknown key {key:?}"
                );
            }
        }
    }

    #[test]
    fn languages() {
        assert_eq!(Lang::from_tag("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_tag("zh-TW"), Lang::Zh);
        assert_eq!(Lang::from_tag("ZH"), Lang::Zh);
        assert_eq!(Lang::from_tag("en-US"), Lang::En);
        assert_eq!(Lang::from_tag("pt-BR"), Lang::En);
        assert_eq!(Lang::from_tag(""), Lang::En);
        assert_eq!(Lang::Zh.tag(), "zh-CN");
    }

    #[test]
    fn numbers() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1000), "1,000");
        assert_eq!(group_digits(68_988_925), "68,988,925");
        assert_eq!(bytes(Lang::En, 5), "5 bytes");
        assert_eq!(bytes(Lang::En, 68_988_925), "68,988,925 bytes (65.8 MiB)");
        assert_eq!(bytes(Lang::Zh, 2048), "2,048 字节（2.0 KiB）");
    }

    #[test]
    fn dates() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(days_between("2026-11-01", "2026-11-25"), Some(24));
        assert_eq!(days_between("2024-02-28", "2024-03-01"), Some(2));
        assert_eq!(days_between("2025-12-31", "2026-01-01"), Some(1));
        assert_eq!(days_between("", "2026-01-01"), None);
        assert_eq!(days_between("2026-13-01", "2026-01-01"), None);
    }

    #[test]
    fn fill_names_values() {
        let s = fill(
            Lang::En,
            "x-wrong-file",
            &[("intended", "A"), ("identified", "B")],
        );
        assert_eq!(
            s,
            "The name says A, but the bytes are the official file B: another version or platform. Download A again, or rename this file."
        );
    }
}
