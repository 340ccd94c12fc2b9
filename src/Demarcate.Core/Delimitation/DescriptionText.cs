using System.Globalization;
using System.Text;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Delimitation;

/// <summary>
/// The canonical text of a boundary description: one statement per line in a small controlled grammar that a lawyer
/// can read and a program parses exactly (see docs/delimitation.md). Protocol prose is rendered from it, never parsed.
/// </summary>
/// <remarks>Stateless and thread-safe. <c>Parse(Write(d))</c> equals <c>d</c>.</remarks>
public static class DescriptionText
{
    /// <summary>Writes the canonical text; numbers are written with every digit needed to read back the same value.</summary>
    public static string Write(BoundaryDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var text = new StringBuilder();
        if (description.Title is { } title)
        {
            text.Append("BOUNDARY DESCRIPTION ").Append(Quote(title)).Append('\n');
        }

        if (description.IsClosed)
        {
            text.Append("CLOSED\n");
        }

        foreach (var point in description.TurningPoints)
        {
            text.Append("TURNING POINT ").Append(point.Id).Append(" AT ");
            var p = point.Position;
            if (p.IsGrid)
            {
                text.Append("E ").Append(Number(p.East)).Append(" N ").Append(Number(p.North));
            }
            else
            {
                text.Append(Number(Math.Abs(p.North))).Append(p.North < 0 ? " S " : " N ")
                    .Append(Number(Math.Abs(p.East))).Append(p.East < 0 ? " W" : " E");
            }

            text.Append(" IN ").Append(p.Crs.ToString()).Append(", FIXED BY ").Append(FixingWord(point.FixedBy)).Append('\n');
        }

        foreach (var leg in description.Legs)
        {
            text.Append("FROM ").Append(leg.From).Append(" TO ").Append(leg.To).Append(' ');
            text.Append(leg.Kind switch
            {
                LegKind.Geodesic => "ALONG GEODESIC",
                LegKind.GridStraight => "STRAIGHT ON GRID " + leg.Grid,
                LegKind.Parallel => "ALONG PARALLEL",
                LegKind.Meridian => "ALONG MERIDIAN",
                LegKind.Reference => "ALONG REFERENCE " + Quote(leg.Reference ?? ""),
                _ => throw new ArgumentOutOfRangeException(nameof(description), leg.Kind, "Unknown leg kind."),
            });
            if (leg.Kind == LegKind.Reference && leg.Source is { } source)
            {
                text.Append(" SOURCE ").Append(Quote(source));
            }

            if (leg.DefinedBy is { } definedBy)
            {
                text.Append(" DEFINED BY ").Append(Quote(definedBy));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Reads canonical text; every problem names the line and column and what was expected there.</summary>
    public static ParseResult<BoundaryDescription> Parse(string text, string source = "description")
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = new List<InputProblem>();
        string? title = null;
        var closed = false;
        var points = new List<TurningPoint>();
        var pointLines = new Dictionary<string, long>(StringComparer.Ordinal);
        var legs = new List<(Leg Leg, Token From, Token To)>();
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var lineNumber = index + 1;
            var statement = new Statement(source, lineNumber, lines[index].TrimEnd('\r'));
            if (!statement.Tokenize(out var tokenProblem))
            {
                problems.Add(tokenProblem!);
                continue;
            }

            if (statement.IsEmpty)
            {
                continue;
            }

            try
            {
                switch (statement.Peek().Upper)
                {
                    case "BOUNDARY":
                        statement.Expect("BOUNDARY");
                        statement.Expect("DESCRIPTION");
                        var t = statement.Quoted("the title in double quotes");
                        statement.End();
                        if (title is not null)
                        {
                            throw statement.Problem(t, "The description already has a title.");
                        }

                        title = t.Text;
                        break;
                    case "CLOSED":
                        statement.Expect("CLOSED");
                        statement.End();
                        closed = true;
                        break;
                    case "TURNING":
                        var (point, idToken) = ReadTurningPoint(statement);
                        if (!pointLines.TryAdd(point.Id, lineNumber))
                        {
                            throw statement.Problem(idToken, $"Turning point {point.Id} is already defined on line {pointLines[point.Id]}.");
                        }

                        points.Add(point);
                        break;
                    case "FROM":
                        legs.Add(ReadLeg(statement));
                        break;
                    default:
                        throw statement.Problem(statement.Peek(), "Expected TURNING POINT, FROM, BOUNDARY DESCRIPTION or CLOSED at the start of the line.");
                }
            }
            catch (StatementProblem problem)
            {
                problems.Add(problem.Problem);
            }
        }

        foreach (var (leg, from, to) in legs)
        {
            foreach (var end in new[] { from, to })
            {
                if (!pointLines.ContainsKey(end.Text))
                {
                    problems.Add(new InputProblem(source, $"Leg {leg.Label} names turning point {end.Text}, which is not defined.") { Line = end.Line, Column = end.Column });
                }
            }
        }

        if (problems.Count > 0)
        {
            return ParseResult<BoundaryDescription>.Failed(problems);
        }

        if (legs.Count == 0)
        {
            return ParseResult<BoundaryDescription>.Failed(new InputProblem(source, "The description has no legs; write at least one FROM … TO … line."));
        }

        return ParseResult<BoundaryDescription>.Ok(new BoundaryDescription(title, closed, points, legs.Select(l => l.Leg).ToList()));
    }

    private static (TurningPoint Point, Token Id) ReadTurningPoint(Statement s)
    {
        s.Expect("TURNING");
        s.Expect("POINT");
        var id = s.Identifier("a turning point id such as TP13");
        s.Expect("AT");
        bool grid;
        double east, north;
        if (s.Peek().Upper == "E")
        {
            s.Expect("E");
            east = s.Number("an easting in metres").Value;
            s.Expect("N");
            north = s.Number("a northing in metres").Value;
            grid = true;
        }
        else
        {
            var latitude = s.Number("a latitude in decimal degrees, or E for an easting");
            var hemisphere = s.OneOf("N or S after the latitude", "N", "S");
            var longitude = s.Number("a longitude in decimal degrees");
            var side = s.OneOf("E or W after the longitude", "E", "W");
            if (latitude.Value > 90)
            {
                throw s.Problem(latitude.Token, "A latitude cannot exceed 90 degrees.");
            }

            if (longitude.Value > 180)
            {
                throw s.Problem(longitude.Token, "A longitude cannot exceed 180 degrees.");
            }

            north = hemisphere == "S" ? -latitude.Value : latitude.Value;
            east = side == "W" ? -longitude.Value : longitude.Value;
            grid = false;
        }

        s.Expect("IN");
        var crs = s.Crs();
        s.Expect(",");
        s.Expect("FIXED");
        s.Expect("BY");
        var fixing = s.OneOf("SURVEY, MAP, COMPUTATION or AGREEMENT", "SURVEY", "MAP", "COMPUTATION", "AGREEMENT") switch
        {
            "SURVEY" => PointFixing.Survey,
            "MAP" => PointFixing.Map,
            "COMPUTATION" => PointFixing.Computation,
            _ => PointFixing.Agreement,
        };
        s.End();
        return (new TurningPoint(id.Text, new StatedPosition(crs, grid, east, north), fixing), id);
    }

    private static (Leg Leg, Token From, Token To) ReadLeg(Statement s)
    {
        s.Expect("FROM");
        var from = s.Identifier("the turning point the leg starts at");
        s.Expect("TO");
        var to = s.Identifier("the turning point the leg ends at");
        Leg leg;
        if (s.Peek().Upper == "STRAIGHT")
        {
            s.Expect("STRAIGHT");
            s.Expect("ON");
            s.Expect("GRID");
            leg = new Leg(from.Text, to.Text, LegKind.GridStraight) { Grid = s.Crs() };
        }
        else
        {
            s.Expect("ALONG");
            var kind = s.OneOf("GEODESIC, PARALLEL, MERIDIAN or REFERENCE after ALONG (or STRAIGHT ON GRID)", "GEODESIC", "PARALLEL", "MERIDIAN", "REFERENCE");
            leg = kind switch
            {
                "GEODESIC" => new Leg(from.Text, to.Text, LegKind.Geodesic),
                "PARALLEL" => new Leg(from.Text, to.Text, LegKind.Parallel),
                "MERIDIAN" => new Leg(from.Text, to.Text, LegKind.Meridian),
                _ => new Leg(from.Text, to.Text, LegKind.Reference) { Reference = s.Quoted("the reference line's name in double quotes").Text },
            };
            if (leg.Kind == LegKind.Reference && s.Peek().Upper == "SOURCE")
            {
                s.Expect("SOURCE");
                leg = leg with { Source = s.Quoted("the source id in double quotes").Text };
            }
        }

        if (s.Peek().Upper == "DEFINED")
        {
            s.Expect("DEFINED");
            s.Expect("BY");
            leg = leg with { DefinedBy = s.Quoted("the defining feature in double quotes").Text };
        }

        s.End();
        if (string.Equals(from.Text, to.Text, StringComparison.Ordinal))
        {
            throw s.Problem(to, $"A leg must end at a different turning point than it starts at ({from.Text}).");
        }

        return (leg, from, to);
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string FixingWord(PointFixing fixing) => fixing switch
    {
        PointFixing.Survey => "SURVEY",
        PointFixing.Map => "MAP",
        PointFixing.Computation => "COMPUTATION",
        PointFixing.Agreement => "AGREEMENT",
        _ => throw new ArgumentOutOfRangeException(nameof(fixing), fixing, "Unknown fixing."),
    };

    private enum TokenKind
    {
        Word,
        Quoted,
        Comma,
        End,
    }

    private readonly record struct Token(TokenKind Kind, string Text, long Line, long Column)
    {
        public string Upper => Kind == TokenKind.Word ? Text.ToUpperInvariant() : Kind == TokenKind.Comma ? "," : "";

        public string Shown => Kind switch
        {
            TokenKind.End => "the end of the line",
            TokenKind.Quoted => Quote(Text),
            _ => "'" + Text + "'",
        };
    }

    /// <summary>Carries one problem out of a statement being read; caught per line so every line is checked.</summary>
    private sealed class StatementProblem(InputProblem problem) : Exception(problem.Message)
    {
        public InputProblem Problem { get; } = problem;
    }

    /// <summary>One line of canonical text, read token by token.</summary>
    private sealed class Statement(string source, long line, string text)
    {
        private readonly List<Token> _tokens = [];
        private int _next;

        public bool IsEmpty => _tokens.Count == 1;

        public bool Tokenize(out InputProblem? problem)
        {
            problem = null;
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (c == '#')
                {
                    // A comment runs to the end of the line.
                    break;
                }
                else if (c == ',')
                {
                    _tokens.Add(new Token(TokenKind.Comma, ",", line, i + 1));
                    i++;
                }
                else if (c == '"')
                {
                    var start = i;
                    var value = new StringBuilder();
                    i++;
                    var closed = false;
                    while (i < text.Length)
                    {
                        if (text[i] == '"')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '"')
                            {
                                value.Append('"');
                                i += 2;
                                continue;
                            }

                            closed = true;
                            i++;
                            break;
                        }

                        value.Append(text[i]);
                        i++;
                    }

                    if (!closed)
                    {
                        problem = new InputProblem(source, "A quoted name is not closed; end it with \" on the same line.") { Line = line, Column = start + 1 };
                        return false;
                    }

                    _tokens.Add(new Token(TokenKind.Quoted, value.ToString(), line, start + 1));
                }
                else
                {
                    var start = i;
                    while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != ',' && text[i] != '"' && text[i] != '#')
                    {
                        i++;
                    }

                    _tokens.Add(new Token(TokenKind.Word, text[start..i], line, start + 1));
                }
            }

            _tokens.Add(new Token(TokenKind.End, "", line, text.Length + 1));
            return true;
        }

        public Token Peek() => _tokens[_next];

        public Token Expect(string word)
        {
            var token = Peek();
            if (token.Upper != word)
            {
                throw Problem(token, $"Expected {word}, found {token.Shown}.");
            }

            _next++;
            return token;
        }

        public string OneOf(string what, params string[] words)
        {
            var token = Peek();
            if (Array.IndexOf(words, token.Upper) < 0)
            {
                throw Problem(token, $"Expected {what}, found {token.Shown}.");
            }

            _next++;
            return token.Upper;
        }

        public Token Identifier(string what)
        {
            var token = Peek();
            if (token.Kind != TokenKind.Word || !token.Text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw Problem(token, $"Expected {what} (letters, digits, '-', '_' or '.'), found {token.Shown}.");
            }

            _next++;
            return token;
        }

        public (double Value, Token Token) Number(string what)
        {
            var token = Peek();
            if (token.Kind != TokenKind.Word
                || !double.TryParse(token.Text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                || !double.IsFinite(value))
            {
                throw Problem(token, $"Expected {what}, found {token.Shown}.");
            }

            _next++;
            return (value, token);
        }

        public CrsCode Crs()
        {
            var token = Peek();
            var code = token.Kind == TokenKind.Word ? CrsCode.Parse(token.Text) : null;
            if (code is null || !code.Success)
            {
                throw Problem(token, $"Expected a CRS code such as EPSG:4326 or EPSG:28408, found {token.Shown}.");
            }

            _next++;
            return code.Value;
        }

        public Token Quoted(string what)
        {
            var token = Peek();
            if (token.Kind != TokenKind.Quoted || token.Text.Length == 0)
            {
                throw Problem(token, $"Expected {what}, found {token.Shown}.");
            }

            _next++;
            return token;
        }

        public void End()
        {
            var token = Peek();
            if (token.Kind != TokenKind.End)
            {
                throw Problem(token, $"Expected the end of the line, found {token.Shown}.");
            }
        }

        public StatementProblem Problem(Token at, string message) =>
            new StatementProblem(new InputProblem(source, message) { Line = at.Line, Column = at.Column });
    }
}
