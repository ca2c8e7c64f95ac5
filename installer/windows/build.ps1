# Build the Frontline desktop bundle and its MSI on Windows.
#
# PyInstaller does not cross-build: the Windows bundle (dist\frontline\frontline.exe and
# _internal\) can only be made on Windows. The MSI source (frontline.wxs) is the same one
# that msitools' wixl builds on Linux (build-msi.sh, checked by tests/test_msi.py); here
# WiX Toolset v3 (candle, light, heat on PATH) builds it.
#
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1 [-Version 0.1.0]
#
# NOT RUN YET: the project's machines are Debian. What is tested on Linux is the MSI's
# tables from a stand-in bundle; see docs/packaging.md, "Windows".
param(
    [string]$Version = "",
    [string]$Python = "python"
)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

if (-not (Test-Path ".venv\Scripts\python.exe")) { & $Python -m venv .venv }
$py = ".venv\Scripts\python.exe"
& $py -m pip install -q -e ".[package]"
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }
if (-not $Version) { $Version = (& $py -c "import frontline; print(frontline.__version__)").Trim() }

# 1. The bundle.
if (Test-Path dist\frontline) { Remove-Item -Recurse -Force dist\frontline }
& $py -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist `
    --workpath build\pyinstaller installer\frontline.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

# 2. Its check: the frozen app's own self-check, offscreen (database, keychain or file,
#    Qt plugins, settings). The bundle has no console window, so read the exit code and
#    the JSON report it writes with --report-file.
$check = Join-Path $env:TEMP "frontline-selfcheck-$PID"
$env:QT_QPA_PLATFORM = "offscreen"
$p = Start-Process -FilePath dist\frontline\frontline.exe -Wait -PassThru -NoNewWindow `
    -ArgumentList @("--self-check", "--json", "--report-file", "$check\report.json",
                    "--data-dir", "$check\data")
Remove-Item Env:QT_QPA_PLATFORM
if ($p.ExitCode -ne 0) {
    Get-Content "$check\report.json" -ErrorAction SilentlyContinue
    throw "The bundle's self-check failed (exit code $($p.ExitCode))."
}

# 3. The MSI: every file under _internal\ as components (heat), then candle and light.
$work = "build\msi"
if (Test-Path $work) { Remove-Item -Recurse -Force $work }
New-Item -ItemType Directory $work | Out-Null
heat dir dist\frontline\_internal -nologo -cg CG.Bundle -dr INSTALLDIR -gg -g1 -sfrag `
    -sreg -scom -var var.InternalDir -out "$work\bundle-files.wxs"
if ($LASTEXITCODE -ne 0) { throw "heat failed" }
candle -nologo -arch x64 -dVersion="$Version" -dBundleDir="dist\frontline" `
    -dInternalDir="dist\frontline\_internal" -dWin64=yes -out "$work\" `
    installer\windows\frontline.wxs "$work\bundle-files.wxs"
if ($LASTEXITCODE -ne 0) { throw "candle failed" }
$msi = "dist\frontline-$Version-x64.msi"
light -nologo -out $msi "$work\frontline.wixobj" "$work\bundle-files.wixobj"
if ($LASTEXITCODE -ne 0) { throw "light failed" }

# 4. The same two settings build-msi.sh makes with msibuild: SERVERURL secure, and the
#    preset written only when a server address is known.
$installer = New-Object -ComObject WindowsInstaller.Installer
$db = $installer.GetType().InvokeMember("OpenDatabase", "InvokeMethod", $null, $installer,
                                        @((Resolve-Path $msi).Path, 1))
foreach ($sql in @(
    "UPDATE ``Property`` SET ``Value`` = 'OLDERFOUND;NEWERFOUND;SERVERURL' WHERE ``Property`` = 'SecureCustomProperties'",
    "UPDATE ``Component`` SET ``Condition`` = 'SERVERURL' WHERE ``Component`` = 'C.Preset'")) {
    $view = $db.GetType().InvokeMember("OpenView", "InvokeMethod", $null, $db, @($sql))
    $view.GetType().InvokeMember("Execute", "InvokeMethod", $null, $view, $null) | Out-Null
    $view.GetType().InvokeMember("Close", "InvokeMethod", $null, $view, $null) | Out-Null
}
$db.GetType().InvokeMember("Commit", "InvokeMethod", $null, $db, $null) | Out-Null
Write-Host "Built $msi. Install silently: msiexec /i $msi /qn SERVERURL=https://frontline.example.com"
