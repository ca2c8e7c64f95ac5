; Frontline for Windows: Inno Setup 6 script.
;
; UNTESTED. It has never been compiled or run: the project's machines are Debian. Treat it
; as a starting point, and test it on a Windows PC before giving it to IT (docs/packaging.md).
;
; Build: on Windows, run installer\build.sh's PyInstaller step (.venv\Scripts\python -m
; PyInstaller --distpath dist --workpath build\pyinstaller installer\frontline.spec), then
;   iscc installer\frontline.iss
; Deploy silently, with the server address preset for every user of the PC:
;   FrontlineSetup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /SERVERURL=https://frontline.example.com
; Re-running it upgrades in place. The preset is written to
; %PROGRAMDATA%\Frontline\frontline.toml, where frontline/sync/config.py reads IT's
; machine settings; other keys and the [policy] table in that file are kept.
; Uninstalling keeps the preset and never touches users' data folders
; (%LOCALAPPDATA%\Frontline).

#define AppName "Frontline"
#define AppVersion "0.1.0"

[Setup]
AppId={{6F1C7A52-3B0E-4E7B-9C1D-F6A1E5D0B7A3}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Frontline
DefaultDirName={autopf}\Frontline
DefaultGroupName=Frontline
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=FrontlineSetup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
CloseApplications=yes
UninstallDisplayIcon={app}\frontline.exe

[Files]
Source: "..\dist\frontline\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; files of an older version that the new one no longer has
[InstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\Frontline"; Filename: "{app}\frontline.exe"

[Run]
Filename: "{app}\frontline.exe"; Description: "Start Frontline"; Flags: nowait postinstall skipifsilent

[Code]
const
  PresetHeader = '# Frontline machine preset, written by the installer (see docs/sync-client.md).';

function PresetPath(): String;
begin
  Result := ExpandConstant('{commonappdata}\Frontline\frontline.toml');
end;

function ServerUrl(): String;
begin
  Result := Trim(ExpandConstant('{param:SERVERURL|}'));
  while (Length(Result) > 0) and (Result[Length(Result)] = '/') do
    Delete(Result, Length(Result), 1);
end;

function InitializeSetup(): Boolean;
var
  Url: String;
begin
  Result := True;
  Url := ServerUrl();
  if (Url <> '') and (Pos('https://', Lowercase(Url)) <> 1) and (Pos('http://', Lowercase(Url)) <> 1) then
  begin
    SuppressibleMsgBox('The server address "' + Url + '" must start with https:// '
      + '(e.g. /SERVERURL=https://frontline.example.com). Nothing was installed.',
      mbError, MB_OK, IDOK);
    Result := False;
  end;
end;

{ Replace the top-level server_url in the preset (before any [table]); keep every other line. }
procedure WritePreset(Url: String);
var
  Lines, Output: TArrayOfString;
  I, N: Integer;
  InTable, Done: Boolean;
  Line: String;
begin
  ForceDirectories(ExtractFileDir(PresetPath()));
  if not LoadStringsFromFile(PresetPath(), Lines) then
  begin
    SetArrayLength(Lines, 1);
    Lines[0] := PresetHeader;
  end;
  SetArrayLength(Output, GetArrayLength(Lines) + 1);
  N := 0;
  InTable := False;
  Done := False;
  for I := 0 to GetArrayLength(Lines) - 1 do
  begin
    Line := Trim(Lines[I]);
    if (Length(Line) > 0) and (Line[1] = '[') then
    begin
      if not Done then
      begin
        Output[N] := 'server_url = "' + Url + '"';
        N := N + 1;
        Done := True;
      end;
      InTable := True;
    end;
    if not (not InTable and (Pos('server_url', Line) = 1)) then
    begin
      Output[N] := Lines[I];
      N := N + 1;
    end;
  end;
  if not Done then
  begin
    Output[N] := 'server_url = "' + Url + '"';
    N := N + 1;
  end;
  SetArrayLength(Output, N);
  { no BOM: frontline/sync/config.py reads the file as plain UTF-8 }
  SaveStringsToUTF8FileWithoutBOM(PresetPath(), Output, False);
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if (CurStep = ssPostInstall) and (ServerUrl() <> '') then
    WritePreset(ServerUrl());
end;
