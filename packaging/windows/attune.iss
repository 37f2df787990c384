; Inno Setup 6 script for Attune on Windows. UNTESTED: written without a Windows machine.
; Build the bundle first (on Windows, from the repository root, in Git Bash or similar):
;   py -3.11 -m venv packaging\.build-venv
;   packaging\.build-venv\Scripts\pip install "pyinstaller>=6.10,<7" pyinstaller-hooks-contrib pillow .
;   cd packaging\pyinstaller && ..\.build-venv\Scripts\pyinstaller --noconfirm --clean ^
;       --distpath ..\..\dist --workpath ..\..\build\pyinstaller attune.spec
; then: iscc packaging\windows\attune.iss   (output: dist\attune-<version>-windows-x64-setup.exe)

#define AppName "Attune"
#define AppVersion "0.1.0"          ; keep in step with pyproject.toml
#define Root "..\.."
#define Bundle Root + "\dist\attune"

[Setup]
AppId={{6C0E4C2A-7B8E-4E0B-9A51-2B3F2A7A7A11}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Attune
DefaultDirName={autopf}\Attune
DefaultGroupName=Attune
; Per-user install by default (no administrator needed); the dialog offers all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
LicenseFile={#Root}\LICENSE
OutputDir={#Root}\dist
OutputBaseFilename=attune-{#AppVersion}-windows-x64-setup
; made by the spec from resources/icons/attune.svg (needs Pillow in the build venv)
SetupIconFile={#Root}\build\pyinstaller\attune\generated\attune.ico
UninstallDisplayIcon={app}\attune-gui.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; attune-gui.exe is the windowed executable; attune.exe is for the command line.
Name: "{group}\Attune"; Filename: "{app}\attune-gui.exe"
Name: "{group}\Licence and third-party notices"; Filename: "{app}\_internal\THIRD-PARTY-NOTICES.txt"
Name: "{autodesktop}\Attune"; Filename: "{app}\attune-gui.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Run]
Filename: "{app}\attune-gui.exe"; Description: "Start Attune"; Flags: nowait postinstall skipifsilent

; The uninstaller removes the program only: libraries (recordings, tags) in the user's data
; folder are never deleted by it.
