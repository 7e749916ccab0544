package tw.kuayu.matching;

import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tw.kuayu.matching.MatchingJobs.Progress;
import tw.kuayu.matching.MatchingJobs.Submission;
import tw.kuayu.matching.MatchingMapper.MatchingJob;
import tw.kuayu.security.CurrentUsers;
import tw.kuayu.web.ApiException;
import tw.kuayu.web.CsvWriter;

/**
 * Batch matching (勾稽): {@code POST /api/matching-jobs} (multipart: {@code file} = CSV of national IDs,
 * {@code source}, {@code recordType}, {@code legalBasis}, {@code purpose}, optional {@code fields}),
 * {@code GET /api/matching-jobs/{id}} (progress), {@code GET /api/matching-jobs/{id}/result.csv}.
 */
@RestController
public class MatchingController {

    private final MatchingJobs jobs;
    private final MatchingResultCsv results;
    private final CurrentUsers users;

    public MatchingController(MatchingJobs jobs, MatchingResultCsv results, CurrentUsers users) {
        this.jobs = jobs;
        this.results = results;
        this.users = users;
    }

    @PostMapping(path = "/api/matching-jobs", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<Progress> submit(@RequestPart(name = "file", required = false) MultipartFile file,
                                           @RequestParam(required = false) String source,
                                           @RequestParam(required = false) String recordType,
                                           @RequestParam(required = false) String fields,
                                           @RequestParam(required = false) String purpose,
                                           @RequestParam(required = false) String legalBasis) throws IOException {
        Progress progress = jobs.submit(users.current(), new Submission(source, recordType, fields, purpose, legalBasis,
                file == null ? null : file.getOriginalFilename()), file == null ? null : file.getBytes());
        return ResponseEntity.created(URI.create("/api/matching-jobs/" + progress.id())).body(progress);
    }

    @GetMapping("/api/matching-jobs/{id}")
    public Progress progress(@PathVariable String id) {
        return jobs.progress(jobs.readable(users.current(), id));
    }

    @GetMapping("/api/matching-jobs/{id}/result.csv")
    public ResponseEntity<byte[]> result(@PathVariable String id) {
        MatchingJob job = jobs.readable(users.current(), id);
        if (!MatchingJobs.COMPLETED.equals(job.state())) {
            Progress progress = jobs.progress(job);
            throw new ApiException(HttpStatus.CONFLICT, "勾稽尚未完成", "勾稽作業 " + job.jobNo() + " 尚未完成（已完成 " + progress.checked()
                    + " / " + progress.total() + " 人），完成後才能下載結果檔。");
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(CsvWriter.MEDIA_TYPE))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"matching-" + job.jobNo() + ".csv\"")
                .body(results.render(job));
    }
}
